"""A Supabase stand-in for tests: real PostgreSQL, the Supabase shim, an HTTP gateway."""

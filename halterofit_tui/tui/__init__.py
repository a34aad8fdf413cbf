"""The Textual app: screens call services in worker threads; widgets post messages up."""

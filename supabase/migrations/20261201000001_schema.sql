-- Halterofit server schema: the tables the sync engine pushes to and pulls from.
--
-- Each user table mirrors a local synced table (halterofit_tui/store/tables.py) with the same
-- column names, without the device-local `dirty` and `local_rev`, plus `user_id` and
-- `server_version` (the pull cursor, stamped by the sync trigger). Ids are made by the clients
-- and unique per user, not globally: imports derive them from source keys (UUIDv5), so two
-- lifters importing the same file produce the same ids. Hence PRIMARY KEY (user_id, id), and
-- children point at their parent inside the same user.
--
-- `hlc` (hybrid logical clock stamp) and `device_id` compare as plain strings, as the clients
-- compare them, so they use the "C" collation whatever the database's default is.
--
-- Safe to run again: every statement is idempotent.

CREATE TABLE IF NOT EXISTS public.profiles (
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    first_name text,
    last_name text,
    display_name text,
    age integer,
    sex text,
    bodyweight_kg double precision,
    height_cm double precision,
    body_fat_pct double precision,
    experience_level text,
    years_training double precision,
    goals jsonb NOT NULL DEFAULT '[]',
    unit text NOT NULL DEFAULT 'kg',
    theme text NOT NULL DEFAULT 'dark',
    timezone text,
    rest_compound_s integer NOT NULL DEFAULT 180,
    rest_isolation_s integer NOT NULL DEFAULT 90,
    e1rm_formula text NOT NULL DEFAULT 'brzycki',
    bar_weight_kg double precision NOT NULL DEFAULT 20,
    plate_inventory jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (user_id)
);

-- The shared built-in library (data/exercises.json), the same rows on every device: id is
-- uuid5(EXERCISE_NAMESPACE, slug). Seeded by a generated migration; read-only for lifters.
CREATE TABLE IF NOT EXISTS public.builtin_exercises (
    id uuid PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    aliases jsonb NOT NULL DEFAULT '[]',
    category text NOT NULL,
    subcategory text NOT NULL,
    equipment jsonb NOT NULL DEFAULT '[]',
    primary_muscles jsonb NOT NULL DEFAULT '[]',
    secondary_muscles jsonb NOT NULL DEFAULT '[]',
    movement_pattern text NOT NULL,
    plane_of_motion text NOT NULL,
    difficulty integer NOT NULL,
    beginner_friendly boolean NOT NULL,
    progression_type text NOT NULL,
    description text NOT NULL DEFAULT '',
    instructions jsonb NOT NULL DEFAULT '[]',
    tips jsonb NOT NULL DEFAULT '[]',
    common_mistakes jsonb NOT NULL DEFAULT '[]'
);

-- A lifter's custom exercises.
CREATE TABLE IF NOT EXISTS public.exercises (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    slug text,
    name text NOT NULL,
    aliases jsonb NOT NULL DEFAULT '[]',
    category text NOT NULL,
    subcategory text NOT NULL,
    equipment jsonb NOT NULL DEFAULT '[]',
    primary_muscles jsonb NOT NULL DEFAULT '[]',
    secondary_muscles jsonb NOT NULL DEFAULT '[]',
    movement_pattern text NOT NULL,
    plane_of_motion text NOT NULL,
    difficulty integer NOT NULL,
    beginner_friendly boolean NOT NULL,
    progression_type text NOT NULL,
    description text NOT NULL DEFAULT '',
    instructions jsonb NOT NULL DEFAULT '[]',
    tips jsonb NOT NULL DEFAULT '[]',
    common_mistakes jsonb NOT NULL DEFAULT '[]',
    is_custom boolean NOT NULL DEFAULT true,
    is_favourite boolean NOT NULL DEFAULT false,
    rest_seconds integer,
    PRIMARY KEY (user_id, id)
);

-- A lifter's marks on built-in exercises (the built-in rows themselves are shared).
CREATE TABLE IF NOT EXISTS public.exercise_preferences (
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    exercise_id uuid NOT NULL REFERENCES public.builtin_exercises (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    is_favourite boolean NOT NULL DEFAULT false,
    rest_seconds integer,
    PRIMARY KEY (user_id, exercise_id)
);

CREATE TABLE IF NOT EXISTS public.workouts (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    name text NOT NULL,
    notes text NOT NULL DEFAULT '',
    date date NOT NULL,
    started_at timestamptz,
    ended_at timestamptz,
    status text NOT NULL DEFAULT 'in_progress',
    sleep_quality integer,
    sleep_hours double precision,
    stress integer,
    motivation integer,
    energy integer,
    soreness integer,
    readiness_score double precision,
    total_volume_kg double precision NOT NULL DEFAULT 0,
    total_sets integer NOT NULL DEFAULT 0,
    total_reps integer NOT NULL DEFAULT 0,
    avg_rpe double precision,
    max_rpe double precision,
    duration_s integer,
    muscle_groups jsonb NOT NULL DEFAULT '[]',
    intensity double precision,
    template_id uuid,
    enrollment_id uuid,
    plan jsonb,
    PRIMARY KEY (user_id, id)
);

CREATE TABLE IF NOT EXISTS public.workout_exercises (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    workout_id uuid NOT NULL,
    exercise_id uuid NOT NULL,
    position integer NOT NULL,
    notes text NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, workout_id) REFERENCES public.workouts (user_id, id) ON DELETE CASCADE
);

-- volume_load has no default, so a row that leaves it out reaches the derive trigger as NULL
-- and gets weight_kg x reps (see 20261201000002_sync_triggers.sql).
CREATE TABLE IF NOT EXISTS public.exercise_sets (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    workout_id uuid NOT NULL,
    exercise_id uuid NOT NULL,
    exercise_order integer NOT NULL,
    set_number integer NOT NULL,
    set_type text NOT NULL DEFAULT 'working',
    weight_kg double precision NOT NULL DEFAULT 0,
    entered_unit text NOT NULL DEFAULT 'kg',
    is_bodyweight boolean NOT NULL DEFAULT false,
    reps integer NOT NULL,
    rpe double precision,
    tempo text,
    rest_seconds integer,
    time_under_tension_s integer,
    duration_s integer,
    distance_m double precision,
    notes text NOT NULL DEFAULT '',
    technique_rating integer,
    volume_load double precision NOT NULL,
    estimated_1rm double precision,
    relative_intensity double precision,
    logged_at timestamptz NOT NULL,
    anomaly jsonb,
    anomaly_confirmed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, id),
    FOREIGN KEY (user_id, workout_id) REFERENCES public.workouts (user_id, id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS public.body_metrics (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    measured_on date NOT NULL,
    bodyweight_kg double precision,
    body_fat_pct double precision,
    measurements jsonb NOT NULL DEFAULT '{}',
    notes text NOT NULL DEFAULT '',
    PRIMARY KEY (user_id, id)
);

CREATE TABLE IF NOT EXISTS public.plateaus (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    exercise_id uuid NOT NULL,
    metric text NOT NULL DEFAULT 'e1rm',
    start_date date NOT NULL,
    end_date date,
    as_of date NOT NULL,
    duration_days integer NOT NULL,
    confidence double precision NOT NULL,
    last_pr_date date NOT NULL,
    last_pr_kg double precision NOT NULL,
    current_avg_kg double precision NOT NULL,
    trend_kg_per_week double precision NOT NULL,
    status text NOT NULL DEFAULT 'active',
    resolution text,
    acknowledged boolean NOT NULL DEFAULT false,
    feedback text NOT NULL DEFAULT '',
    causes jsonb NOT NULL DEFAULT '[]',
    protocols jsonb NOT NULL DEFAULT '[]',
    detected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id)
);

CREATE TABLE IF NOT EXISTS public.templates (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    name text NOT NULL,
    notes text NOT NULL DEFAULT '',
    source_workout_id uuid,
    exercises jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (user_id, id)
);

CREATE TABLE IF NOT EXISTS public.program_enrollments (
    id uuid NOT NULL,
    user_id uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    hlc text COLLATE "C" NOT NULL DEFAULT '',
    device_id text COLLATE "C" NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    server_version bigint NOT NULL DEFAULT 0,
    program_key text NOT NULL,
    program_name text NOT NULL,
    program jsonb NOT NULL DEFAULT '{}',
    state jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'active',
    started_on date NOT NULL,
    ended_on date,
    PRIMARY KEY (user_id, id)
);

-- One counter per lifter. The sync trigger increments it (a row lock held to commit), so one
-- lifter's writes get server_version values in commit order: a safe pull cursor.
CREATE TABLE IF NOT EXISTS public.sync_version (
    user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
    v bigint NOT NULL DEFAULT 0
);

-- The pull cursor: server_version > checkpoint, ascending, one lifter at a time.
CREATE INDEX IF NOT EXISTS profiles_pull ON public.profiles (user_id, server_version);
CREATE INDEX IF NOT EXISTS exercises_pull ON public.exercises (user_id, server_version);
CREATE INDEX IF NOT EXISTS exercise_preferences_pull
    ON public.exercise_preferences (user_id, server_version);
CREATE INDEX IF NOT EXISTS workouts_pull ON public.workouts (user_id, server_version);
CREATE INDEX IF NOT EXISTS workout_exercises_pull
    ON public.workout_exercises (user_id, server_version);
CREATE INDEX IF NOT EXISTS exercise_sets_pull ON public.exercise_sets (user_id, server_version);
CREATE INDEX IF NOT EXISTS body_metrics_pull ON public.body_metrics (user_id, server_version);
CREATE INDEX IF NOT EXISTS plateaus_pull ON public.plateaus (user_id, server_version);
CREATE INDEX IF NOT EXISTS templates_pull ON public.templates (user_id, server_version);
CREATE INDEX IF NOT EXISTS program_enrollments_pull
    ON public.program_enrollments (user_id, server_version);

-- The local store's indexes, within one lifter. (user_id, workout_id) also serves the
-- composite foreign keys and the workout roll-up; exercise_id the foreign key to built-ins.
CREATE INDEX IF NOT EXISTS exercises_name ON public.exercises (user_id, name);
CREATE INDEX IF NOT EXISTS exercise_preferences_exercise
    ON public.exercise_preferences (exercise_id);
CREATE INDEX IF NOT EXISTS workouts_date ON public.workouts (user_id, date);
CREATE INDEX IF NOT EXISTS workouts_status ON public.workouts (user_id, status);
CREATE INDEX IF NOT EXISTS workout_exercises_workout
    ON public.workout_exercises (user_id, workout_id);
CREATE INDEX IF NOT EXISTS exercise_sets_workout ON public.exercise_sets (user_id, workout_id);
CREATE INDEX IF NOT EXISTS exercise_sets_exercise_logged
    ON public.exercise_sets (user_id, exercise_id, logged_at);
CREATE INDEX IF NOT EXISTS exercise_sets_exercise_e1rm
    ON public.exercise_sets (user_id, exercise_id, estimated_1rm);
CREATE INDEX IF NOT EXISTS body_metrics_measured_on ON public.body_metrics (user_id, measured_on);
CREATE INDEX IF NOT EXISTS plateaus_exercise_start
    ON public.plateaus (user_id, exercise_id, start_date);
CREATE INDEX IF NOT EXISTS program_enrollments_status
    ON public.program_enrollments (user_id, status);

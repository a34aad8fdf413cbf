-- Halterofit server triggers: last writer wins and the pull cursor on every synced table, the
-- derived columns of a set, the exercise a row names, and the workout roll-ups.
--
-- PostgreSQL fires a table's BEFORE ROW triggers in name order: a_sync_stamp first, so an edit
-- older than the stored row is dropped before anything else looks at it.
--
-- Functions that write rows the lifter may not touch directly (the version counter, the
-- workout totals) run as their owner (SECURITY DEFINER) with an empty search_path; they only
-- ever act on the lifter of the row being written, which row-level security has checked or is
-- about to check. None of them is callable through the API (20261201000003).
--
-- Safe to run again: every statement is idempotent.

-- Last writer wins, then the pull cursor. A client sends (hlc, device_id) of the row's last
-- edit; an update older than the stored pair is ignored (the stored row stays, no error). Any
-- other write takes the next value of the lifter's counter: the counter row stays locked until
-- commit, so one lifter's server_version values follow commit order and a client paging by
-- `server_version > checkpoint` never skips a row. Resending the same row is accepted.
CREATE OR REPLACE FUNCTION public.halterofit_sync_stamp() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (NEW.hlc COLLATE "C", NEW.device_id COLLATE "C")
            < (OLD.hlc COLLATE "C", OLD.device_id COLLATE "C") THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.sync_version AS counter (user_id, v)
    VALUES (NEW.user_id, 1)
    ON CONFLICT (user_id) DO UPDATE SET v = counter.v + 1
    RETURNING counter.v INTO NEW.server_version;
    RETURN NEW;
END
$$;

-- A set's volume load and e1RM when the client leaves them out (NULL). Halterofit clients
-- send both, computed with the lifter's chosen formula, and they are kept. The fallback is the
-- default formula, Brzycki, exactly as domain/strength.py computes it: w x 36 / (37 - reps) for
-- 2-12 reps, a single is its own max, and no estimate for bodyweight sets, for a load that is
-- not a positive finite number, or outside 1-12 reps (timed sets have 0 reps). Every formula
-- of the client has no estimate in exactly those cases, so a NULL sent by Halterofit stays NULL.
CREATE OR REPLACE FUNCTION public.halterofit_set_derived_columns() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF NEW.volume_load IS NULL THEN
        NEW.volume_load := NEW.weight_kg * NEW.reps;
    END IF;
    IF NEW.estimated_1rm IS NULL
        AND NOT NEW.is_bodyweight
        AND NEW.weight_kg > 0
        AND NEW.weight_kg < 'Infinity'::double precision
        AND NEW.reps BETWEEN 1 AND 12 THEN
        NEW.estimated_1rm := CASE
            WHEN NEW.reps = 1 THEN NEW.weight_kg
            ELSE NEW.weight_kg * 36 / (37 - NEW.reps)
        END;
    END IF;
    RETURN NEW;
END
$$;

-- The exercise a set, workout slot or plateau names is a built-in one or one of the lifter's
-- own (a foreign key cannot say "either table", nor "of this lifter").
CREATE OR REPLACE FUNCTION public.halterofit_check_exercise() RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.exercise_id = OLD.exercise_id AND NEW.user_id = OLD.user_id THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT FROM public.builtin_exercises AS b WHERE b.id = NEW.exercise_id)
        AND NOT EXISTS (
            SELECT FROM public.exercises AS e
            WHERE e.user_id = NEW.user_id AND e.id = NEW.exercise_id
        ) THEN
        RAISE EXCEPTION 'exercise % is neither built in nor yours', NEW.exercise_id
            USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, COLUMN = 'exercise_id';
    END IF;
    RETURN NEW;
END
$$;

-- The exact value of a double as a numeric (a plain cast keeps 15 significant digits only).
-- Scaling a double by two is exact, and so is a numeric product, so every step keeps
-- x = mantissa x 2^doublings x 0.5^halvings.
CREATE OR REPLACE FUNCTION public.halterofit_exact(x double precision) RETURNS numeric
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = ''
AS $$
DECLARE
    mantissa double precision := x;
    halvings integer := 0;
    doublings integer := 0;
    exact numeric;
BEGIN
    IF x IN ('Infinity'::double precision, '-Infinity'::double precision, 'NaN'::double precision)
    THEN
        RAISE EXCEPTION 'not a finite number: %', x USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    WHILE mantissa <> trunc(mantissa) LOOP
        mantissa := mantissa * 2;
        halvings := halvings + 1;
    END LOOP;
    -- From 2^53 on every double is even: halve until the mantissa fits a bigint exactly.
    WHILE abs(mantissa) >= 9007199254740992 LOOP
        mantissa := mantissa / 2;
        doublings := doublings + 1;
    END LOOP;
    exact := mantissa::bigint::numeric;
    FOR step IN 1..halvings LOOP
        exact := exact * 0.5;
    END LOOP;
    FOR step IN 1..doublings LOOP
        exact := exact * 2;
    END LOOP;
    RETURN exact;
END
$$;

-- round(x, digits) as Python rounds a float, which is how the local store rounds its
-- roll-ups (domain/metrics.py): the exact binary value to the nearest, ties to even.
CREATE OR REPLACE FUNCTION public.halterofit_round(x double precision, digits integer)
RETURNS double precision
LANGUAGE plpgsql
IMMUTABLE STRICT PARALLEL SAFE
SET search_path = ''
AS $$
DECLARE
    scaled numeric := public.halterofit_exact(x) * ('1e' || digits)::numeric;
    whole numeric := floor(scaled);
BEGIN
    IF scaled - whole > 0.5 OR (scaled - whole = 0.5 AND mod(whole, 2) <> 0) THEN
        whole := whole + 1;
    END IF;
    -- numeric to double picks the nearest double, as Python does for the rounded decimal.
    RETURN (whole * ('1e-' || digits)::numeric)::double precision;
END
$$;

-- A workout's roll-ups from its live (not deleted) sets, as services/workouts.py computes them
-- with domain/metrics.py: warm-ups count in volume, sets and reps; volume is weight_kg x reps
-- (bodyweight sets: the added load); RPE figures use the sets that have one; intensity is the
-- mean relative intensity of the non-warm-up sets that have one; muscle groups are the primary
-- muscles of the exercises, sorted. Sums are exact and rounded once to the nearest double (as
-- math.fsum), means are that sum divided by the count (as statistics.fmean), then rounded to
-- 3 (volume), 2 (RPE) and 4 (intensity) decimals as Python's round() does.
CREATE OR REPLACE FUNCTION public.halterofit_workout_totals(
    p_user_id uuid,
    p_workout_id uuid,
    OUT total_volume_kg double precision,
    OUT total_sets integer,
    OUT total_reps integer,
    OUT avg_rpe double precision,
    OUT max_rpe double precision,
    OUT muscle_groups jsonb,
    OUT intensity double precision
)
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
    SELECT
        public.halterofit_round(
            coalesce(sum(public.halterofit_exact(s.weight_kg * s.reps)), 0)::double precision, 3
        ),
        count(*)::integer,
        coalesce(sum(s.reps), 0)::integer,
        public.halterofit_round(
            sum(public.halterofit_exact(s.rpe))::double precision
                / count(s.rpe)::double precision,
            2
        ),
        max(s.rpe),
        (
            SELECT coalesce(jsonb_agg(used.muscle ORDER BY used.muscle COLLATE "C"), '[]'::jsonb)
            FROM (
                SELECT DISTINCT muscle.name AS muscle
                FROM public.exercise_sets AS ms
                CROSS JOIN LATERAL (
                    SELECT b.primary_muscles
                    FROM public.builtin_exercises AS b
                    WHERE b.id = ms.exercise_id
                    UNION ALL
                    SELECT e.primary_muscles
                    FROM public.exercises AS e
                    WHERE e.user_id = ms.user_id AND e.id = ms.exercise_id
                ) AS exercise
                CROSS JOIN LATERAL jsonb_array_elements_text(exercise.primary_muscles)
                    AS muscle (name)
                WHERE ms.user_id = p_user_id AND ms.workout_id = p_workout_id AND NOT ms.deleted
            ) AS used
        ),
        public.halterofit_round(
            (sum(public.halterofit_exact(s.relative_intensity))
                FILTER (WHERE s.set_type <> 'warmup'))::double precision
                / (count(s.relative_intensity) FILTER (WHERE s.set_type <> 'warmup'))
                    ::double precision,
            4
        )
    FROM public.exercise_sets AS s
    WHERE s.user_id = p_user_id AND s.workout_id = p_workout_id AND NOT s.deleted
$$;

-- Every update of a workout carries the roll-ups of the sets the server holds, so a client
-- that renames a workout with stale totals (another device added sets meanwhile) cannot undo
-- them. A deleted workout keeps the totals it had, as in the local store. A new workout keeps
-- the client's totals: its sets arrive next and recompute them.
CREATE OR REPLACE FUNCTION public.halterofit_workout_rollup() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    IF NOT NEW.deleted THEN
        SELECT t.total_volume_kg, t.total_sets, t.total_reps, t.avg_rpe, t.max_rpe,
            t.muscle_groups, t.intensity
        INTO NEW.total_volume_kg, NEW.total_sets, NEW.total_reps, NEW.avg_rpe, NEW.max_rpe,
            NEW.muscle_groups, NEW.intensity
        FROM public.halterofit_workout_totals(NEW.user_id, NEW.id) AS t;
    END IF;
    RETURN NEW;
END
$$;

-- Recompute the totals of these workouts where they changed. The update keeps the workout's
-- hlc and device_id, so last writer wins lets it through, and it takes a new server_version:
-- other devices pull the new totals.
CREATE OR REPLACE FUNCTION public.halterofit_refresh_workouts(
    p_user_ids uuid[],
    p_workout_ids uuid[]
) RETURNS void
LANGUAGE sql
SET search_path = ''
AS $$
    UPDATE public.workouts AS w
    SET total_volume_kg = t.total_volume_kg,
        total_sets = t.total_sets,
        total_reps = t.total_reps,
        avg_rpe = t.avg_rpe,
        max_rpe = t.max_rpe,
        muscle_groups = t.muscle_groups,
        intensity = t.intensity
    FROM unnest(p_user_ids, p_workout_ids) AS touched (user_id, workout_id)
    CROSS JOIN LATERAL public.halterofit_workout_totals(touched.user_id, touched.workout_id)
        AS t
    WHERE w.user_id = touched.user_id
        AND w.id = touched.workout_id
        AND NOT w.deleted
        AND (w.total_volume_kg, w.total_sets, w.total_reps, w.avg_rpe, w.max_rpe,
            w.muscle_groups, w.intensity)
            IS DISTINCT FROM (t.total_volume_kg, t.total_sets, t.total_reps, t.avg_rpe,
                t.max_rpe, t.muscle_groups, t.intensity)
$$;

-- Once per statement (a pushed batch is one statement), each touched workout once.
CREATE OR REPLACE FUNCTION public.halterofit_sets_inserted() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    PERFORM public.halterofit_refresh_workouts(array_agg(touched.user_id),
        array_agg(touched.workout_id))
    FROM (SELECT DISTINCT n.user_id, n.workout_id FROM new_sets AS n) AS touched;
    RETURN NULL;
END
$$;

-- A set may also have moved: refresh the workout it left and the one it joined.
CREATE OR REPLACE FUNCTION public.halterofit_sets_updated() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
    PERFORM public.halterofit_refresh_workouts(array_agg(touched.user_id),
        array_agg(touched.workout_id))
    FROM (
        SELECT n.user_id, n.workout_id FROM new_sets AS n
        UNION
        SELECT o.user_id, o.workout_id FROM old_sets AS o
    ) AS touched;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.profiles
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.exercises
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.exercise_preferences
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.workouts
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.workout_exercises
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.exercise_sets
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.body_metrics
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.plateaus
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.templates
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();
CREATE OR REPLACE TRIGGER a_sync_stamp BEFORE INSERT OR UPDATE ON public.program_enrollments
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_sync_stamp();

CREATE OR REPLACE TRIGGER b_set_derived_columns BEFORE INSERT OR UPDATE ON public.exercise_sets
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_set_derived_columns();
CREATE OR REPLACE TRIGGER b_workout_rollup BEFORE UPDATE ON public.workouts
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_workout_rollup();

CREATE OR REPLACE TRIGGER c_exercise_exists BEFORE INSERT OR UPDATE ON public.exercise_sets
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_check_exercise();
CREATE OR REPLACE TRIGGER c_exercise_exists BEFORE INSERT OR UPDATE ON public.workout_exercises
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_check_exercise();
CREATE OR REPLACE TRIGGER c_exercise_exists BEFORE INSERT OR UPDATE ON public.plateaus
    FOR EACH ROW EXECUTE FUNCTION public.halterofit_check_exercise();

CREATE OR REPLACE TRIGGER workout_rollup_after_insert AFTER INSERT ON public.exercise_sets
    REFERENCING NEW TABLE AS new_sets
    FOR EACH STATEMENT EXECUTE FUNCTION public.halterofit_sets_inserted();
CREATE OR REPLACE TRIGGER workout_rollup_after_update AFTER UPDATE ON public.exercise_sets
    REFERENCING OLD TABLE AS old_sets NEW TABLE AS new_sets
    FOR EACH STATEMENT EXECUTE FUNCTION public.halterofit_sets_updated();

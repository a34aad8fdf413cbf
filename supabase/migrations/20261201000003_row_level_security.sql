-- Halterofit server access rules: row-level security on every table, privileges, and the one
-- function the API exposes.
--
-- Signed-in lifters (role authenticated) read, insert and update their own rows only; a child
-- row (a set, a workout slot) also needs a parent workout of their own, since a foreign key
-- check ignores row-level security. There is no delete policy: deletes are tombstones
-- (deleted = true), so a DELETE removes nothing. The built-in exercises are readable by every
-- lifter and writable by none. The anonymous role (the anon key without a session) has no
-- privilege at all.
--
-- Safe to run again: every statement is idempotent.

DO $$
DECLARE
    owned text;
BEGIN
    FOREACH owned IN ARRAY ARRAY[
        'profiles', 'exercises', 'exercise_preferences', 'workouts', 'workout_exercises',
        'exercise_sets', 'body_metrics', 'plateaus', 'templates', 'program_enrollments'
    ] LOOP
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', owned);
        EXECUTE format('REVOKE ALL ON TABLE public.%I FROM PUBLIC, anon, authenticated', owned);
        EXECUTE format(
            'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO authenticated', owned
        );
        EXECUTE format('GRANT ALL ON TABLE public.%I TO service_role', owned);
        EXECUTE format('DROP POLICY IF EXISTS "owner reads" ON public.%I', owned);
        EXECUTE format(
            'CREATE POLICY "owner reads" ON public.%I FOR SELECT TO authenticated '
            'USING (user_id = (SELECT auth.uid()))',
            owned
        );
    END LOOP;

    -- Tables whose rows stand alone: a lifter writes rows that carry their own user_id.
    FOREACH owned IN ARRAY ARRAY[
        'profiles', 'exercises', 'exercise_preferences', 'workouts', 'body_metrics',
        'plateaus', 'templates', 'program_enrollments'
    ] LOOP
        EXECUTE format('DROP POLICY IF EXISTS "owner inserts" ON public.%I', owned);
        EXECUTE format(
            'CREATE POLICY "owner inserts" ON public.%I FOR INSERT TO authenticated '
            'WITH CHECK (user_id = (SELECT auth.uid()))',
            owned
        );
        EXECUTE format('DROP POLICY IF EXISTS "owner updates" ON public.%I', owned);
        EXECUTE format(
            'CREATE POLICY "owner updates" ON public.%I FOR UPDATE TO authenticated '
            'USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()))',
            owned
        );
    END LOOP;

    -- Rows of a workout: their own user_id and a workout of the same lifter.
    FOREACH owned IN ARRAY ARRAY['workout_exercises', 'exercise_sets'] LOOP
        EXECUTE format('DROP POLICY IF EXISTS "owner inserts" ON public.%I', owned);
        EXECUTE format(
            'CREATE POLICY "owner inserts" ON public.%1$I FOR INSERT TO authenticated '
            'WITH CHECK (user_id = (SELECT auth.uid()) AND EXISTS ('
            'SELECT FROM public.workouts AS parent WHERE parent.user_id = (SELECT auth.uid()) '
            'AND parent.id = %1$I.workout_id))',
            owned
        );
        EXECUTE format('DROP POLICY IF EXISTS "owner updates" ON public.%I', owned);
        EXECUTE format(
            'CREATE POLICY "owner updates" ON public.%1$I FOR UPDATE TO authenticated '
            'USING (user_id = (SELECT auth.uid())) '
            'WITH CHECK (user_id = (SELECT auth.uid()) AND EXISTS ('
            'SELECT FROM public.workouts AS parent WHERE parent.user_id = (SELECT auth.uid()) '
            'AND parent.id = %1$I.workout_id))',
            owned
        );
    END LOOP;
END
$$;

ALTER TABLE public.builtin_exercises ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE public.builtin_exercises FROM PUBLIC, anon, authenticated;
GRANT SELECT ON TABLE public.builtin_exercises TO authenticated;
GRANT ALL ON TABLE public.builtin_exercises TO service_role;
DROP POLICY IF EXISTS "signed-in lifters read" ON public.builtin_exercises;
CREATE POLICY "signed-in lifters read" ON public.builtin_exercises FOR SELECT TO authenticated
    USING (true);

-- Written only by the sync trigger (as its owner); no policy, so no API role reaches it.
ALTER TABLE public.sync_version ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE public.sync_version FROM PUBLIC, anon, authenticated;
GRANT ALL ON TABLE public.sync_version TO service_role;

-- Internal functions are not part of the API. (A trigger fires whatever the writer's
-- privileges on its function.)
REVOKE ALL ON FUNCTION
    public.halterofit_sync_stamp(),
    public.halterofit_set_derived_columns(),
    public.halterofit_check_exercise(),
    public.halterofit_exact(double precision),
    public.halterofit_round(double precision, integer),
    public.halterofit_workout_totals(uuid, uuid),
    public.halterofit_workout_rollup(),
    public.halterofit_refresh_workouts(uuid[], uuid[]),
    public.halterofit_sets_inserted(),
    public.halterofit_sets_updated()
FROM PUBLIC, anon, authenticated;

-- What the client's `doctor` asks: the schema version it talks to and the server's clock.
CREATE OR REPLACE FUNCTION public.halterofit_server_info() RETURNS json
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $$
    SELECT json_build_object('schema_version', 1, 'now', now())
$$;

REVOKE ALL ON FUNCTION public.halterofit_server_info() FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION public.halterofit_server_info() TO authenticated;

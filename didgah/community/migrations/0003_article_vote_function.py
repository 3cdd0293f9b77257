"""PostgreSQL only: didgah_article_vote(), one reader's vote on an article and the
article's counters and hot score, in one call (services._article_vote_pg).

A function's statements keep their plans for the session, so the call costs the
server about as much as pgbench's one-row UPDATE (0.56 against 0.39 ms of CPU here),
where the same work as one data-modifying CTE, planned on every call, cost 1.4 ms;
and like the CTE it runs in one round trip, so the article's row is locked only while
the server works. The rules are services._record_vote's and _article_counters'; the
hot expression is community.rules.hot_score (COMMENT_WEIGHT 0.5): a change to either
needs a migration that replaces this function."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION didgah_article_vote(p_article bigint, p_user bigint, p_value integer,
                                               p_toggle boolean, p_now timestamptz, p_age double precision)
RETURNS TABLE (old_value integer, new_value integer) LANGUAGE plpgsql AS $$
DECLARE
  v_old integer;
  v_new integer;
  v_found boolean;
BEGIN
  LOOP
    -- The reader's row, locked while it changes; none yet means a first vote.
    SELECT value INTO v_old FROM community_articlevote
      WHERE article_id = p_article AND user_id = p_user FOR UPDATE;
    v_found := FOUND;
    IF NOT v_found THEN v_old := 0; END IF;
    -- The same vote again withdraws it (toggle); 0 withdraws.
    v_new := CASE WHEN p_value = 0 OR (p_toggle AND v_old = p_value) THEN 0 ELSE p_value END;
    IF v_new = v_old THEN
      RETURN QUERY SELECT v_old, v_new;
      RETURN;
    END IF;
    IF NOT v_found THEN
      INSERT INTO community_articlevote (article_id, user_id, value, created_at)
        VALUES (p_article, p_user, v_new, p_now)
        ON CONFLICT (article_id, user_id) DO NOTHING;
      -- The reader's twin request inserted first: go round, now changing its row.
      IF NOT FOUND THEN CONTINUE; END IF;
    ELSIF v_new = 0 THEN
      DELETE FROM community_articlevote WHERE article_id = p_article AND user_id = p_user;
    ELSE
      UPDATE community_articlevote SET value = v_new WHERE article_id = p_article AND user_id = p_user;
    END IF;
    -- Last, so the article's row is locked only from here to the commit.
    UPDATE news_article SET
        votes_up = votes_up + (v_new = 1)::int - (v_old = 1)::int,
        votes_down = votes_down + (v_new = -1)::int - (v_old = -1)::int,
        score = score + (v_new - v_old),
        hot = ROUND((SIGN((score + (v_new - v_old) + 0.5 * comment_count)::float8)
                     * LOG(GREATEST(ABS((score + (v_new - v_old) + 0.5 * comment_count)::float8), 1))
                     + p_age)::numeric, 7)
      WHERE id = p_article;
    RETURN QUERY SELECT v_old, v_new;
    RETURN;
  END LOOP;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_article_vote(bigint, bigint, integer, boolean, "
                              "timestamptz, double precision)")


class Migration(migrations.Migration):
    dependencies = [("community", "0002_thread_version"), ("news", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

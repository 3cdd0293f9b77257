"""PostgreSQL only: didgah_article_votes_checked(), the votes of one group commit
(services.article_vote_quick, common/groupcommit.py) in one call.

What didgah_article_vote_checked() (migration 0005, dropped in 0007) did for one vote,
for many: each vote reads the article (once per article) and the reader's standing, and is cast only
in the common case (outcome 0); else it returns 1 (no such public article) or 2 (the
reader is not plainly in good standing, or the value is not a vote) and changes
nothing for that vote, and the caller's full path finds the reason. Each article's
counters and hot are then updated once for all its votes, after its votes' rows.
The services send one article's votes per call, so a call takes the locks one vote
takes, in the same order (the reader's vote rows, then the article's row) as the
other vote functions. Several articles in one call also work, in article order, but
then hold each article's row while the next one's votes are written. Answers come back
in the order of the arrays. The hot expression is community.rules.hot_score
(COMMENT_WEIGHT 0.5), as in 0003."""

from django.db import migrations

FUNCTION = """
-- One article's counters and hot after votes that changed them by (p_up, p_down); none
-- changed or no article: nothing. plpgsql, so that its plan is kept for the session.
CREATE OR REPLACE FUNCTION didgah_article_counters_add(
    p_article bigint, p_up integer, p_down integer, p_published timestamptz, p_epoch timestamptz,
    p_window double precision)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_article IS NULL OR (p_up = 0 AND p_down = 0) THEN
    RETURN;
  END IF;
  UPDATE news_article SET votes_up = votes_up + p_up, votes_down = votes_down + p_down,
      score = score + p_up - p_down,
      hot = ROUND((SIGN((score + p_up - p_down + 0.5 * comment_count)::float8)
                   * LOG(GREATEST(ABS((score + p_up - p_down + 0.5 * comment_count)::float8), 1))
                   + EXTRACT(EPOCH FROM (p_published - p_epoch))::float8 / p_window)::numeric, 7)
    WHERE id = p_article;
END $$;

CREATE OR REPLACE FUNCTION didgah_article_votes_checked(
    p_articles bigint[], p_users bigint[], p_values integer[], p_verified_ok boolean[],
    p_toggles boolean[], p_now timestamptz, p_epoch timestamptz, p_window double precision)
RETURNS TABLE (outcome integer, new_value integer, slug text)
LANGUAGE plpgsql AS $$
DECLARE
  n integer := coalesce(array_length(p_articles, 1), 0);
  o_outcome integer[] := array_fill(1, ARRAY[n]);
  o_new integer[] := array_fill(0, ARRAY[n]);
  o_slug text[] := array_fill(NULL::text, ARRAY[n]);
  r record;
  cur_article bigint := NULL;
  a_ok boolean := false;
  a_slug text;
  a_published timestamptz;
  d_up integer := 0;
  d_down integer := 0;
  v_banned boolean; v_suspended timestamptz; v_verified timestamptz; v_profile bigint;
  v_old integer; v_new integer; v_found boolean;
BEGIN
  FOR r IN SELECT t.i::integer AS i, t.a, t.u, t.v, t.ok, t.tg
             FROM unnest(p_articles, p_users, p_values, p_verified_ok, p_toggles) WITH ORDINALITY AS t(a, u, v, ok, tg, i)
             ORDER BY t.a, t.u, t.i LOOP
    IF cur_article IS DISTINCT FROM r.a THEN
      PERFORM didgah_article_counters_add(cur_article, d_up, d_down, a_published, p_epoch, p_window);
      cur_article := r.a; d_up := 0; d_down := 0;
      SELECT a.slug, a.published_at, (a.status IN ('published', 'scheduled') AND a.published_at IS NOT NULL
                                       AND a.published_at <= p_now)
        INTO a_slug, a_published, a_ok FROM news_article a WHERE a.id = r.a;
      IF NOT FOUND THEN a_ok := false; a_slug := NULL; END IF;
    END IF;
    o_slug[r.i] := a_slug;
    IF NOT a_ok THEN o_outcome[r.i] := 1; CONTINUE; END IF;
    SELECT p.banned, p.suspended_until, p.email_verified_at, p.id INTO v_banned, v_suspended, v_verified, v_profile
      FROM accounts_profile p WHERE p.user_id = r.u;
    IF r.v IS NULL OR r.v NOT IN (-1, 0, 1) OR v_profile IS NULL OR v_banned OR v_suspended > p_now
       OR (v_verified IS NULL AND r.ok IS NOT TRUE) THEN
      o_outcome[r.i] := 2; CONTINUE;
    END IF;
    LOOP
      SELECT value INTO v_old FROM community_articlevote WHERE article_id = r.a AND user_id = r.u FOR UPDATE;
      v_found := FOUND;
      IF NOT v_found THEN v_old := 0; END IF;
      v_new := CASE WHEN r.v = 0 OR (r.tg IS TRUE AND v_old = r.v) THEN 0 ELSE r.v END;
      EXIT WHEN v_new = v_old;
      IF NOT v_found THEN
        INSERT INTO community_articlevote (article_id, user_id, value, created_at)
          VALUES (r.a, r.u, v_new, p_now) ON CONFLICT (article_id, user_id) DO NOTHING;
        IF NOT FOUND THEN CONTINUE; END IF;
      ELSIF v_new = 0 THEN
        DELETE FROM community_articlevote WHERE article_id = r.a AND user_id = r.u;
      ELSE
        UPDATE community_articlevote SET value = v_new WHERE article_id = r.a AND user_id = r.u;
      END IF;
      d_up := d_up + (v_new = 1)::int - (v_old = 1)::int;
      d_down := d_down + (v_new = -1)::int - (v_old = -1)::int;
      EXIT;
    END LOOP;
    o_outcome[r.i] := 0; o_new[r.i] := v_new;
  END LOOP;
  PERFORM didgah_article_counters_add(cur_article, d_up, d_down, a_published, p_epoch, p_window);
  RETURN QUERY SELECT o_outcome[k], o_new[k], o_slug[k] FROM generate_series(1, n) AS k ORDER BY k;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_article_votes_checked(bigint[], bigint[], integer[], "
                              "boolean[], boolean[], timestamptz, timestamptz, double precision)")
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_article_counters_add(bigint, integer, integer, "
                              "timestamptz, timestamptz, double precision)")


class Migration(migrations.Migration):
    dependencies = [("community", "0005_article_vote_checked_function")]

    operations = [migrations.RunPython(create, drop)]

"""PostgreSQL only: didgah_article_vote_checked(), a vote that also reads what may
forbid it (services.article_vote_quick).

The vote endpoint first read the article (is it public?) and the reader's standing
(banned, suspended, unverified?) in a query of its own, then called
didgah_article_vote() (migration 0003). This function reads both in the same round
trip, and votes only in the common case, where they allow it: a public article and a
reader in good standing. Anything else (a missing or unpublished article, no profile
yet, a ban, a suspension not yet over, an unverified address) returns a code and
changes nothing; the caller then takes the full path, which finds the reason and says
it in Persian. The time term of community.rules.hot_score is computed here from the
article's publication, with its constants passed in (p_epoch, p_window)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION didgah_article_vote_checked(
    p_article bigint, p_user bigint, p_value integer, p_toggle boolean, p_now timestamptz,
    p_verified_ok boolean, p_epoch timestamptz, p_window double precision)
RETURNS TABLE (outcome integer, old_value integer, new_value integer, slug text)
LANGUAGE plpgsql AS $$
DECLARE
  v_status text;
  v_published timestamptz;
  v_slug text;
  v_banned boolean;
  v_suspended timestamptz;
  v_verified timestamptz;
  v_profile bigint;
  v_old integer;
  v_new integer;
BEGIN
  SELECT a.status, a.published_at, a.slug, p.banned, p.suspended_until, p.email_verified_at, p.id
    INTO v_status, v_published, v_slug, v_banned, v_suspended, v_verified, v_profile
    FROM news_article a LEFT JOIN accounts_profile p ON p.user_id = p_user
    WHERE a.id = p_article;
  -- 1: no such public article (missing, a draft, or not yet published).
  IF NOT FOUND OR v_status NOT IN ('published', 'scheduled') OR v_published IS NULL
     OR v_published > p_now THEN
    RETURN QUERY SELECT 1, 0, 0, v_slug;
    RETURN;
  END IF;
  -- 2: the reader is not plainly in good standing; the caller checks in full.
  IF v_profile IS NULL OR v_banned OR v_suspended > p_now
     OR (v_verified IS NULL AND NOT p_verified_ok) THEN
    RETURN QUERY SELECT 2, 0, 0, v_slug;
    RETURN;
  END IF;
  SELECT v.old_value, v.new_value INTO v_old, v_new
    FROM didgah_article_vote(p_article, p_user, p_value, p_toggle, p_now,
                             EXTRACT(EPOCH FROM (v_published - p_epoch))::float8 / p_window) v;
  RETURN QUERY SELECT 0, v_old, v_new, v_slug;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_article_vote_checked(bigint, bigint, integer, boolean, "
                              "timestamptz, boolean, timestamptz, double precision)")


class Migration(migrations.Migration):
    dependencies = [("community", "0004_comment_insert_function"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

"""PostgreSQL only: didgah_comment_insert(), a new comment and what it changes, in one
call (services._comment_insert_pg): the double-submission check, the row, and
for an approved comment the author's approved count, the article's comment count and
hot score, and the thread version. As with didgah_article_vote (0003), a function keeps
its statements' plans, where the same work as one data-modifying CTE was planned on
every comment. The hot expression is community.rules.hot_score, with its constants
passed in (p_weight): a change to its form needs a migration replacing this function."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION didgah_comment_insert(
    p_article bigint, p_author bigint, p_parent bigint, p_root bigint, p_depth integer, p_body text,
    p_status text, p_now timestamptz, p_since timestamptz, p_profile bigint, p_approved boolean,
    p_weight double precision, p_age double precision, p_version bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_id bigint;
BEGIN
  -- The same text by the same reader on the same article moments ago: a double submission.
  PERFORM 1 FROM community_comment WHERE author_id = p_author AND article_id = p_article
    AND created_at >= p_since AND body = p_body LIMIT 1;
  IF FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO community_comment (article_id, author_id, parent_id, root_id, depth, body, status, moderation_note,
                                 is_deleted, created_at, edited_at, likes, dislikes, score, wilson, open_reports)
    VALUES (p_article, p_author, p_parent, p_root, p_depth, p_body, p_status, '', false, p_now, NULL, 0, 0, 0, 0, 0)
    RETURNING id INTO v_id;
  IF p_approved THEN
    UPDATE accounts_profile SET approved_comments = approved_comments + 1 WHERE id = p_profile;
    UPDATE news_article SET comment_count = comment_count + 1,
        hot = ROUND((SIGN((score + p_weight * (comment_count + 1))::float8)
                     * LOG(GREATEST(ABS((score + p_weight * (comment_count + 1))::float8), 1)) + p_age)::numeric, 7)
      WHERE id = p_article;
  END IF;
  INSERT INTO community_threadversion (article_id, version) VALUES (p_article, p_version)
    ON CONFLICT (article_id) DO UPDATE SET version = community_threadversion.version + 1;
  RETURN v_id;
END $$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS didgah_comment_insert(bigint, bigint, bigint, bigint, integer, "
                              "text, text, timestamptz, timestamptz, bigint, boolean, double precision, "
                              "double precision, bigint)")


class Migration(migrations.Migration):
    dependencies = [("community", "0003_article_vote_function"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

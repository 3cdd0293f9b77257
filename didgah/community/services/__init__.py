"""Writes of the reader community, by concern: standing (who may take part), votes,
comments, moderation, and the counters folded in from the rows."""

from .comments import (  # noqa: F401
    comment_create,
    comment_delete,
    comment_edit,
    comment_editable,
    comment_rate_check,
    word_rules_changed,
)
from .counters import (  # noqa: F401
    counters_fold,
    counters_recount,
    threads_touch,
)
from .imports import (  # noqa: F401
    comment_import,
    comments_claim,
    verified_readers_claim,
)
from .moderation import (  # noqa: F401
    REPORTS_TO_HOLD,
    author_threads_touch,
    comment_moderate,
    comment_report,
    reader_forget,
    reports_dismiss,
)
from .standing import (  # noqa: F401
    moderation_log,
    participation_require,
    reader_ban,
    reader_reinstate,
    reader_suspend,
)
from .votes import article_vote, comment_vote, vote_rate_check  # noqa: F401

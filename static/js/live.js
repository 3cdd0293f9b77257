/* The open article page, kept current: new comments, edits, deletions and vote counts
   arrive on the page's stream (Server-Sent Events, the live app) and are put in place
   without a reload. The markup comes from the server, the same as the cached page's;
   what is personal on it (tokens, the reader's own controls, their pending comments)
   stays personal.js's: it is told to apply itself to what came in ("didgah:live") or
   to read the reader's state again ("didgah:personal"). Without JavaScript, or
   without a stream, the page is what it was when served. */
(function () {
  "use strict";
  var script = document.currentScript;

  function streamUrl(articleId) {
    var path = script.dataset.stream + encodeURIComponent(articleId) + "/";
    var port = script.dataset.port;
    // The embedded default serves streams on a port of their own, on the page's host.
    return port ? location.protocol + "//" + location.hostname + ":" + port + path : path;
  }

  function parse(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  function told(node) {
    if (window.htmx) window.htmx.process(node);
    node.dispatchEvent(new CustomEvent("didgah:live", {bubbles: true}));
  }

  function showList() {
    var list = document.getElementById("comment-list");
    if (list) list.hidden = false;
    var none = document.getElementById("no-comments");
    if (none) none.hidden = true;
    return list;
  }

  // A comment's card (and its classes) replaced; its replies stay where they are.
  function replaceCard(li, fresh) {
    var card = li.querySelector(":scope > .comment-card");
    var freshCard = fresh.querySelector(":scope > .comment-card");
    if (!freshCard) return;
    if (card) li.replaceChild(freshCard, card); else li.insertBefore(freshCard, li.firstChild);
    li.className = fresh.className;
    told(li);
  }

  function insert(fresh, parentId) {
    var parent = parentId && document.getElementById("c-" + parentId);
    if (parentId && !parent) return;  // its thread is on another page of comments
    var list = showList();
    if (!list) return;
    if (parent) {
      var replies = parent.querySelector(":scope > ol.replies");
      if (!replies) {
        replies = document.createElement("ol");
        replies.className = "replies";
        parent.appendChild(replies);
      }
      replies.appendChild(fresh);
    } else {
      list.appendChild(fresh);
    }
    told(fresh);
  }

  var handlers = {
    comment: function (d) {
      var fresh = parse(d.html);
      if (!fresh) return;
      var li = document.getElementById("c-" + d.id);
      if (li) replaceCard(li, fresh); else insert(fresh, d.parent);
    },
    update: function (d) {
      var li = document.getElementById("c-" + d.id);
      var fresh = parse(d.html);
      if (li && fresh) replaceCard(li, fresh);
    },
    remove: function (d) {
      var li = document.getElementById("c-" + d.id);
      if (!li) return;
      // Replies to it keep their place (they are others' comments).
      if (li.querySelector(":scope > ol.replies > li")) {
        var card = li.querySelector(":scope > .comment-card");
        if (card) card.remove();
      } else {
        li.remove();
      }
    },
    own: function () {
      document.dispatchEvent(new CustomEvent("didgah:personal"));
    },
    counts: function (d) {
      if (d.article) {
        var score = document.getElementById("article-score");
        if (score) score.textContent = d.article.score;
        var tally = document.querySelector("#article-vote .vote-tally");
        if (tally) tally.textContent = d.article.tally;
        var count = document.querySelector("#comments-h .comment-count");
        if (count) count.textContent = "(" + d.article.comments + ")";
      }
      Object.keys(d.comments || {}).forEach(function (id) {
        var box = document.getElementById("c-" + id + "-vote");
        if (!box) return;
        var figures = d.comments[id];
        var like = box.querySelector(".comment-like .count");
        var dislike = box.querySelector(".comment-dislike .count");
        var net = document.getElementById("c-" + id + "-score");
        if (like) like.textContent = figures[0];
        if (dislike) dislike.textContent = figures[1];
        if (net) net.textContent = figures[2];
      });
    }
  };

  function open() {
    var section = document.getElementById("comments");
    if (!section || !section.dataset.article || !window.EventSource || !script) return;
    var source = new EventSource(streamUrl(section.dataset.article), {withCredentials: true});
    Object.keys(handlers).forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        handlers[kind](data);
      });
    });
    source.addEventListener("open", function () { document.documentElement.dataset.live = "open"; });
  }

  document.addEventListener("DOMContentLoaded", open);
})();

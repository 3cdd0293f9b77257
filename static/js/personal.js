/* What is personal on a page that is the same for everyone (and cached for everyone):
   the reader's name, notification count and sign-out button, the button that follows
   the article's thread, the CSRF token in forms, their votes, edit and
   delete on their own comments, their comments not yet in the cached page, and their
   messages. All of it comes from one small request (community's `personal` view).
   Without JavaScript the page still works: the forms lead to pages of their own. */
(function () {
  "use strict";
  var state = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  // The CSRF token: the one the answer carries when it had to set the cookie, else the
  // cookie's own (Django accepts either in a form).
  function csrfToken(s) {
    if (s.csrf_token || !s.csrf_cookie) return s.csrf_token || "";
    var match = document.cookie.match(new RegExp("(?:^|;\\s*)" + s.csrf_cookie + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  function nav(s) {
    var box = document.getElementById("user-nav");
    if (!box || !s.signed_in) return;
    box.textContent = "";
    box.appendChild(el("a", {"class": "who", id: "nav-profile", href: s.profile_url}, s.name));
    if (s.notifications) {
      box.appendChild(document.createTextNode(" "));
      var bell = el("a", {id: "nav-notifications", "class": "nav-notifications" + (s.notifications.unread ? " has-unread" : ""),
                          href: s.notifications.url, "data-unread": String(s.notifications.unread)}, s.notifications.label);
      box.appendChild(bell);
    }
    if (s.admin_url) {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(el("a", {href: s.admin_url}, box.dataset.adminLabel || "تحریریه"));
    }
    var form = el("form", {method: "post", action: s.logout_url, id: "logout-form"});
    form.appendChild(el("input", {type: "hidden", name: "csrfmiddlewaretoken", value: s.csrf_token}));
    form.appendChild(el("input", {type: "hidden", name: "next", value: location.pathname + location.search}));
    form.appendChild(el("button", {type: "submit", id: "logout-button"}, box.dataset.logoutLabel || "خروج"));
    box.appendChild(document.createTextNode(" "));
    box.appendChild(form);
  }

  function messages(s) {
    var box = document.getElementById("messages");
    if (!box) return;
    (s.messages || []).forEach(function (m) {
      box.appendChild(el("p", {"class": "message message-" + m.level}, m.text));
    });
  }

  function tokens(root, s) {
    if (!s.csrf_token) return;
    root.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      if (!input.value) input.value = s.csrf_token;
      var form = input.form;
      // Vote forms lead to a confirmation page without JavaScript; with the token they post.
      if (form && form.getAttribute("method") === "get" && form.dataset.hxPost) form.setAttribute("method", "post");
    });
  }

  function pressed(button, on) {
    if (!button) return;
    button.classList.toggle("is-active", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    // The server sets the vote a button sends, it does not toggle: a pressed button must
    // send a withdrawal and an unpressed one its own vote (data-value), or a click does
    // the opposite of what the reader sees.
    if (button.dataset.value) button.value = on ? "0" : button.dataset.value;
  }

  function votes(root, s) {
    var up = root.querySelector("#article-vote-up");
    if (up) {
      pressed(up, s.vote === 1);
      pressed(root.querySelector("#article-vote-down"), s.vote === -1);
    }
    Object.keys(s.comment_votes || {}).forEach(function (id) {
      var box = root.querySelector("#c-" + id + "-vote");
      if (!box) return;
      pressed(box.querySelector(".comment-like"), s.comment_votes[id] === 1);
      pressed(box.querySelector(".comment-dislike"), s.comment_votes[id] === -1);
    });
  }

  function ownComments(root, s) {
    var list = document.getElementById("comment-list");
    if (list && s.own_html) {
      var holder = document.createElement("template");
      holder.innerHTML = s.own_html;
      Array.prototype.slice.call(holder.content.children).forEach(function (li) {
        if (document.getElementById(li.id)) return;
        var parentId = (s.own_parents || {})[li.id.slice(2)];
        var parent = parentId && document.getElementById("c-" + parentId);
        if (parent) {
          var replies = parent.querySelector(":scope > ol.replies");
          if (!replies) { replies = el("ol", {"class": "replies"}); parent.appendChild(replies); }
          replies.appendChild(li);
        } else {
          list.appendChild(li);
        }
        // htmx wires up only what it swapped in itself.
        if (window.htmx) window.htmx.process(li);
        list.hidden = false;
        var none = document.getElementById("no-comments");
        if (none) none.hidden = true;
      });
    }
    var editable = {};
    (s.editable || []).forEach(function (id) { editable[id] = true; });
    (s.own || []).forEach(function (id) {
      var li = document.getElementById("c-" + id);
      if (!li) return;
      var card = li.querySelector(":scope > .comment-card");
      if (!card) return;
      card.querySelectorAll(".own-only").forEach(function (a) {
        a.hidden = a.classList.contains("comment-edit") && !editable[id];
      });
      card.querySelectorAll(".others-only, .comment-vote form").forEach(function (n) { n.hidden = true; });
    });
  }

  function compose(s) {
    document.querySelectorAll(".reader-only").forEach(function (n) { n.hidden = !s.signed_in; });
    document.querySelectorAll(".visitor-only").forEach(function (n) { n.hidden = s.signed_in; });
    var problem = document.getElementById("participation-problem");
    var form = document.getElementById("compose-form-wrap");
    if (problem && s.problem) { problem.textContent = s.problem; problem.hidden = false; if (form) form.hidden = true; }
  }

  // Following the article's thread: a button that posts (CSRF) to the notifications
  // app and shows the new state from its JSON answer.
  function follow(s) {
    var box = document.getElementById("thread-follow");
    if (!box || !s.follow) return;
    box.textContent = "";
    var form = el("form", {method: "post", action: s.follow.url, id: "follow-form"});
    form.appendChild(el("input", {type: "hidden", name: "csrfmiddlewaretoken", value: s.csrf_token}));
    form.appendChild(el("input", {type: "hidden", name: "next", value: location.pathname + location.search + "#comments"}));
    form.appendChild(el("input", {type: "hidden", name: "action", value: s.follow.following ? "unfollow" : "follow"}));
    var button = el("button", {type: "submit", id: "follow-button", "class": "button-secondary",
                               "aria-pressed": s.follow.following ? "true" : "false"}, s.follow.label);
    form.appendChild(button);
    form.appendChild(el("span", {"class": "follow-hint", id: "follow-hint", role: "status"}, s.follow.hint || ""));
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      var body = new FormData(form);
      button.disabled = true;
      // getAttribute: the form's `action` property is its input named "action".
      fetch(form.getAttribute("action"), {method: "POST", body: body, credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (f) {
          if (!f) { form.submit(); return; }
          s.follow = f;
          follow(s);
          var hint = document.getElementById("follow-hint");
          if (hint && f.message) hint.textContent = f.message;
        })
        .catch(function () { form.submit(); });
    });
    box.appendChild(form);
    box.hidden = false;
  }

  function apply(root) {
    if (!state) return;
    tokens(root, state);
    votes(root, state);
    ownComments(root, state);
    compose(state);
    follow(state);
  }

  function load(first) {
    var box = document.getElementById("user-nav");
    if (!box || !box.dataset.personalUrl) return;
    var url = box.dataset.personalUrl + (box.dataset.article ? "?article=" + encodeURIComponent(box.dataset.article) : "");
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return;
        s.csrf_token = csrfToken(s);
        state = s;
        if (first) { nav(s); messages(s); }
        apply(document);
        document.documentElement.dataset.personal = "ready";
      })
      .catch(function () { /* the page works without it */ });
  }

  // A vote form on the cached page posts only once the reader's token is in it, which
  // their personal answer brings: a visitor never has one, and a reader may click before
  // the answer arrives. Posted without it, Django's CSRF check refuses the vote with
  // nothing shown; so such a click goes where it goes without JavaScript, to the vote's
  // own page, which sends a visitor to sign in and asks a reader to confirm.
  function voteWithoutToken(event) {
    var form = event.detail.elt;
    if (!form || form.tagName !== "FORM" || !form.dataset.hxPost || form.getAttribute("method") !== "get") return;
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) return;
    event.preventDefault();
    var submitter = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
    var value = submitter ? submitter.value : "";
    location.assign(form.getAttribute("action") + (value ? "?value=" + encodeURIComponent(value) : ""));
  }

  document.addEventListener("DOMContentLoaded", function () {
    load(true);
    document.body.addEventListener("htmx:configRequest", voteWithoutToken);
    // After anything htmx swaps in (a vote box, a posted form, a page of comments),
    // read the reader's state afresh and apply it to the whole page: the swapped-in
    // element may already be detached by an outerHTML swap, so nothing is hung on it.
    document.body.addEventListener("htmx:beforeSwap", function () {
      window.setTimeout(function () { load(false); }, 0);
    });
    // The live thread (live.js): comments it put in place get the reader's state as it
    // is; a change to the reader's own comments asks for it afresh.
    document.addEventListener("didgah:live", function (event) { apply(event.target); });
    document.addEventListener("didgah:personal", function () { load(false); });
  });
})();

"""The API's documentation page: a Persian, right-to-left reference written from the
OpenAPI schema on the server, then Swagger UI (an English tool, kept left-to-right in
its own section) for trying requests.

Under the site's CSP: Swagger UI from our own static files, its settings in a JSON data
block and its start-up code in a static script, so the page needs no inline script, no
inline style and no CDN."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

from didgah import persian


def _status_meaning(code: str) -> str:
    meanings = {
        "200": _("پاسخ"),
        "201": _("ساخته شد"),
        "400": _("پذیرفته نشد (قاعده‌های دیدگاه‌نویسی)"),
        "401": _("ورود یا توکن لازم است"),
        "403": _("اجازه ندارید"),
        "404": _("یافت نشد"),
        "422": _("ورودی نامعتبر"),
        "429": _("درخواست‌ها بیش از اندازه؛ کمی بعد"),
    }
    return meanings.get(code, "")


def _param_description(name: str) -> str:
    return {"article_id": _("شناسهٔ خبر"), "kind": _("نوع فهرست")}.get(name, "")


def _resolve(schema: dict, node: dict) -> dict:
    ref = node.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return node


def _choices(schema: dict, node: dict) -> list:
    node = _resolve(schema, node)
    if "enum" in node:
        return [str(v) for v in node["enum"]]
    for option in node.get("anyOf", []):
        found = _choices(schema, option)
        if found:
            return found
    return []


def reference(schema: dict) -> list[dict]:
    """The operations grouped by their (Persian) tag, in the schema's order: method, path,
    summary, parameters, body fields, responses; only what the schema says."""
    groups: dict[str, list] = {}
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            params = [{
                "name": p["name"],
                "where": {"path": _("در نشانی"), "query": _("پرسمان")}.get(p["in"], p["in"]),
                "required": p.get("required", False),
                "description": p.get("description") or _param_description(p["name"]),
                "choices": _choices(schema, p.get("schema", {})),
            } for p in op.get("parameters", [])]
            body = []
            content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            if content:
                body_schema = _resolve(schema, content.get("schema", {}))
                required = set(body_schema.get("required", []))
                for name, field in body_schema.get("properties", {}).items():
                    body.append({"name": name, "required": name in required,
                                 "description": field.get("description", ""),
                                 "choices": _choices(schema, field)})
            groups.setdefault((op.get("tags") or [""])[0], []).append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "params": params, "body": body, "auth": bool(op.get("security")),
                "responses": [{"code": code, "code_fa": persian.to_persian_digits(code),
                               "meaning": _status_meaning(code)} for code in op.get("responses", {})],
                "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", "").strip("-"),
            })
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


class SelfHostedSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        openapi_url = reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs)
        settings = {
            "url": openapi_url,
            "layout": "BaseLayout",
            "deepLinking": True,
            "persistAuthorization": False,
        }
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(request, self.template, {
            "api": api,
            "description": schema.get("info", {}).get("description", ""),
            "base_url": request.build_absolute_uri(api.get_root_path(kwargs)),
            "openapi_url": openapi_url,
            "groups": reference(schema),
            "swagger_settings": settings,
            # Session writes from the docs page carry the CSRF token like any form.
            "csrf": get_token(request) if request.user.is_authenticated else "",
        })

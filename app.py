"""Harbour's Streamlit shell: session state and rendering only; all logic is behind `Assistant`."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from typing import Any

import streamlit as st

from assistant import Assistant, Turn

SUPPORT_KINDS = {"crisis", "safeguarding"}


@st.cache_resource(show_spinner="Loading Harbour's knowledge base…")
def get_assistant(config_key: str) -> Assistant:  # noqa: ARG001 - the cache key
    """One assistant per configuration (`config_key` is the HARBOUR_* environment)."""
    bot = Assistant.from_settings()
    bot.ensure_index()
    bot.warm_up()
    return bot


def _words(text: str) -> Iterator[str]:
    for word in text.split(" "):
        yield word + " "


def auth_configured() -> bool:
    """Sign-in is on when the deployment configured an identity provider for `st.login`."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def current_user() -> str:
    """The signed-in worker where an identity provider is configured, else this machine's user."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("sub") or "local")
    except (AttributeError, KeyError, st.errors.StreamlitAPIException):
        pass
    return "local"


def _turn_record(turn: Turn) -> dict[str, Any]:
    progress = None
    if turn.exercise is not None:
        progress = f"{turn.exercise.id}: step {turn.exercise.step} of {turn.exercise.total}"
    return {
        "role": "assistant",
        "text": turn.text,
        "kind": turn.kind,
        "progress": progress,
        "notices": list(turn.notices),
        "sources": [
            {"n": n, "title": c.title, "section": c.section, "text": p.text}
            for n, (c, p) in enumerate(zip(turn.citations, turn.passages, strict=False), start=1)
        ],
    }


def _render_assistant(message: dict[str, Any], stream: bool = False) -> None:
    for notice in message.get("notices", []):
        st.info(notice, icon=":material/info:")
    if message.get("progress"):
        st.caption(message["progress"])
    if message["kind"] in SUPPORT_KINDS:
        # Vetted support replies are shown whole and set apart, never streamed word by word.
        st.warning(message["text"], icon=":material/support:")
    elif stream:
        st.write_stream(_words(message["text"]))
    else:
        st.markdown(message["text"])
    if message.get("sources"):
        with st.expander("Sources"):
            for src in message["sources"]:
                st.markdown(f"**[{src['n']}] {src['title']}: {src['section']}**")
                st.markdown(src["text"])


def support_panel(bot: Assistant) -> None:
    locale = bot.safety.locale
    with st.sidebar.container(border=True):
        st.markdown("### Need to talk to someone now?")
        st.markdown("\n".join(r.line() for r in locale.resources))
        st.markdown(f"In an emergency, {locale.emergency}.")
        st.markdown("**People you can contact**")
        st.markdown("\n".join(f"- {c}" for c in bot.settings.safety.contacts))


def chat_page(bot: Assistant) -> None:
    st.title("Harbour")
    st.caption(
        "A space to reflect after a hard day. I'm an AI that answers from a curated knowledge "
        "base, so please leave out names and details that could identify anyone."
    )
    messages: list[dict[str, Any]] = st.session_state.messages
    for message in messages:
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(message["text"])
            else:
                _render_assistant(message)

    options = {"user": current_user(), "incognito": st.session_state.get("incognito", False)}
    chosen = None
    with st.expander("Guided exercises", expanded=not messages):
        for exercise_id, title in bot.exercise_titles().items():
            if st.button(title, key=f"start-{exercise_id}"):
                chosen = exercise_id
    prompt = st.chat_input("What's on your mind?")
    if chosen is not None:
        title = bot.exercise_titles()[chosen]
        prompt = f"Take me through {title}"
    if prompt is None:
        return
    # Only the redacted text is kept, even in this browser session.
    shown = bot.safety.redact(prompt).text
    messages.append({"role": "user", "text": shown})
    with st.chat_message("user"):
        st.markdown(shown)
    with st.chat_message("assistant"):
        live = st.empty()
        streaming = bot.generator is not None
        turn = bot.reply(
            prompt,
            session_id=st.session_state.session_id,
            on_text=live.markdown if streaming else None,
            **options,
        )
        # The checked turn replaces whatever streamed (a failed check falls back to the composer).
        live.empty()
        record = _turn_record(turn)
        _render_assistant(record, stream=not streaming)
    messages.append(record)


def about_page(bot: Assistant) -> None:
    st.title("About Harbour")
    about = bot.about()
    st.markdown(
        f"- **Responder:** {about['responder']}\n"
        f"- **Embedding model:** {about['embedding_model']} (runs locally)\n"
        f"- **Knowledge base:** {about['documents']} documents, {about['chunks']} passages, "
        f"from `{about['knowledge_dir']}`\n"
        f"- **Crisis resources locale:** {about['locale']}\n"
        "- **Privacy:** runs on this machine, no telemetry; client identifiers are redacted "
        "before anything is stored or logged."
    )
    if about.get("backend_error"):
        st.error(f"The configured generative backend is not in use: {about['backend_error']}")
    st.markdown("Harbour is an AI. It is not a counsellor, a clinician or a lawyer.")


def reflections_page(bot: Assistant) -> None:
    st.title("My reflections")
    user = current_user()
    if bot.journal is None:
        st.info("The journal is switched off in this deployment, so nothing is saved.")
        return
    query = st.text_input("Search your reflections")
    found = bot.reflections(user, query)
    if not found:
        st.info("No reflections yet. Finish a guided exercise and its notes will appear here.")
    for ref in found:
        with st.expander(f"{ref.title} ({dt.datetime.fromtimestamp(ref.created):%d %b %Y %H:%M})"):
            st.markdown(ref.markdown)
            cols = st.columns(3)
            cols[0].download_button(
                "Markdown",
                bot.export_markdown(ref),
                file_name=f"reflection-{ref.id}.md",
                mime="text/markdown",
                key=f"md-{ref.id}",
            )
            cols[1].download_button(
                "PDF",
                bot.export_pdf(ref),
                file_name=f"reflection-{ref.id}.pdf",
                mime="application/pdf",
                key=f"pdf-{ref.id}",
            )
            if cols[2].button("Delete", key=f"del-{ref.id}"):
                bot.delete_reflection(ref.id, user)
                st.rerun()
    st.divider()
    confirm = st.checkbox("I understand this deletes all my conversations and reflections")
    if st.button("Delete all my data", disabled=not confirm):
        bot.delete_all_data(user)
        st.session_state.messages = []
        st.success("Everything has been deleted.")


def evaluations_page(bot: Assistant) -> None:
    st.title("Evaluations")
    results = bot.latest_evaluation()
    if results is None:
        st.info("No evaluation has been run yet. Run `python -m evals run` to create one.")
        return
    meta, metrics = results["meta"], results["metrics"]
    verdict = "passed" if meta["passed"] else "FAILED"
    st.markdown(
        f"Suite **{meta['suite']}**, run {meta['started']}: **{verdict}**, {metrics['cases']} cases."
    )
    st.table(
        [
            {
                "metric": r["metric"],
                "value": round(r["value"], 3),
                "limit": r["limit"],
                "ok": "yes" if r["passed"] else "no",
            }
            for r in results.get("thresholds", [])
        ]
    )
    st.table(
        [
            {"category": c, "cases": v["cases"], "pass rate": round(v["pass_rate"], 3)}
            for c, v in metrics["per_category"].items()
        ]
    )
    failures = [c for c in results["cases"] if not c["passed"]]
    st.markdown(
        f"**Failures:** {len(failures)}. The full report is `report.html` beside `results.json`."
    )
    for case in failures[:30]:
        st.markdown(f"- `{case['id']}`: {'; '.join(case['failures'])}")


def trainer_mode_configured(bot: Assistant) -> bool:
    cfg = bot.settings.trainer
    return cfg.passcode_hash is not None or bool(cfg.emails)


def trainer_gate(bot: Assistant) -> bool:
    """True once this browser session has proved it is a trainer's; else show the sign-in."""
    if st.session_state.get("trainer"):
        return True
    email = current_user()
    if bot.is_trainer(email=email):
        st.session_state.trainer = True
        return True
    st.title("Knowledge")
    st.markdown("This page is for trainers who curate Harbour's knowledge base.")
    passcode = st.text_input("Trainer passcode", type="password", key="trainer_passcode")
    if st.button("Sign in as trainer"):
        if bot.is_trainer(passcode=passcode):
            st.session_state.trainer = True
            st.rerun()
        st.error("That passcode is not right.")
    return False


def _fields_form(prefix: str, defaults: dict[str, Any]) -> dict[str, Any]:
    def listed(key: str) -> list[str]:
        return [
            x.strip() for x in st.session_state.get(f"{prefix}-{key}", "").split(";") if x.strip()
        ]

    st.text_input("Title", value=defaults.get("title", ""), key=f"{prefix}-title")
    st.text_input(
        "Topics (separate with ;)",
        value="; ".join(defaults.get("topics", [])),
        key=f"{prefix}-topics",
    )
    st.text_input(
        "Audience (separate with ;)",
        value="; ".join(defaults.get("audience", [])),
        key=f"{prefix}-audience",
    )
    st.text_area("Summary", value=defaults.get("summary", ""), key=f"{prefix}-summary")
    st.text_area(
        "Sources (one per line)",
        value="\n".join(defaults.get("sources", [])),
        key=f"{prefix}-sources",
    )
    st.text_input("Reviewer", value=defaults.get("reviewed_by", ""), key=f"{prefix}-reviewer")
    st.text_input(
        "Review due (YYYY-MM-DD)", value=str(defaults.get("review_due", "")), key=f"{prefix}-due"
    )
    return {
        "title": st.session_state[f"{prefix}-title"].strip(),
        "topics": listed("topics"),
        "audience": listed("audience"),
        "summary": st.session_state[f"{prefix}-summary"].strip(),
        "sources": [
            x.strip() for x in st.session_state[f"{prefix}-sources"].splitlines() if x.strip()
        ],
        "reviewed_by": st.session_state[f"{prefix}-reviewer"].strip(),
        "review_due": st.session_state[f"{prefix}-due"].strip(),
    }


def knowledge_page(bot: Assistant) -> None:
    if not trainer_gate(bot):
        return
    st.title("Knowledge")
    add, documents, lint, playground = st.tabs(["Add", "Documents", "Lint", "Playground"])
    with add:
        upload = st.file_uploader(
            "Upload Markdown, text, PDF or Word", type=["md", "markdown", "txt", "pdf", "docx"]
        )
        fields = _fields_form("add", {})
        if upload is not None:
            try:
                doc = bot.draft_document(upload.name, upload.getvalue(), fields)
            except ValueError as exc:  # UploadError and DocumentError both say what to fix
                st.error(str(exc))
            else:
                st.success(f"Valid: '{doc.meta.title}' will be saved as `{doc.id}.md`.")
                with st.expander("Preview passages", expanded=False):
                    for section, text in bot.preview_chunks(doc):
                        st.markdown(f"**{section}**")
                        st.text(text)
                if st.button("Save and index", key="add-save"):
                    try:
                        report = bot.add_document(doc)
                    except ValueError as exc:
                        st.error(str(exc))
                    else:
                        st.success(f"Saved and indexed: {report.summary()}")
    with documents:
        bot.manifest.reload()
        ids = sorted(bot.manifest.docs)
        chosen = st.selectbox("Document", ids, key="doc-chosen")
        doc = bot.document(chosen) if chosen else None
        if doc is not None:
            st.caption(f"`{doc.path.name}` · review due {doc.meta.review_due}")
            new_fields = _fields_form(f"edit-{doc.id}", doc.meta.model_dump())
            if st.button("Save metadata", key="doc-save"):
                try:
                    st.success(bot.update_metadata(doc.id, new_fields).summary())
                except ValueError as exc:
                    st.error(str(exc))
            cols = st.columns(2)
            if cols[0].button("Retire", key="doc-retire"):
                st.success(
                    f"Retired {doc.id}: {bot.remove_document(doc.id, retire=True).summary()}"
                )
            if cols[1].button("Remove", key="doc-remove"):
                st.success(f"Removed {doc.id}: {bot.remove_document(doc.id).summary()}")
    with lint:
        findings = bot.lint()
        if not findings:
            st.success("No problems found.")
        for finding in findings:
            (st.error if finding.severity == "error" else st.warning)(finding.line())
    with playground:
        query = st.text_input("Ask what a worker might ask", key="playground-query")
        if query:
            rows = bot.playground(query)
            st.dataframe(
                [{k: v for k, v in r.items() if k != "text"} for r in rows],
                hide_index=True,
            )
            for row in rows:
                if row["cited"]:
                    st.markdown(f"**Cited:** {row['document']} > {row['section']}")
        if bot.gaps is not None:
            st.markdown("#### Questions nothing relevant was found for")
            gaps = bot.gaps.top()
            if gaps:
                st.dataframe([{"question": q, "times": n} for q, n in gaps], hide_index=True)
            else:
                st.caption("None yet.")


def main() -> None:
    st.set_page_config(page_title="Harbour", page_icon=":material/sailing:")
    config = sorted((k, v) for k, v in os.environ.items() if k.startswith("HARBOUR_"))
    bot = get_assistant(repr(config))
    if auth_configured() and not st.user.is_logged_in:
        st.title("Harbour")
        st.markdown("Please sign in to see your own journal.")
        st.button("Sign in", on_click=st.login)
        st.stop()
    st.session_state.setdefault("session_id", uuid.uuid4().hex)
    st.session_state.setdefault("messages", [])
    pages = ["Chat", "My reflections", "Evaluations", "About"]
    if trainer_mode_configured(bot):
        pages.append("Knowledge")
    page = st.sidebar.radio("Page", pages, label_visibility="collapsed")
    st.sidebar.toggle(
        "Incognito: save nothing",
        key="incognito",
        help="Nothing from this conversation is written to your journal.",
    )
    support_panel(bot)
    if page == "About":
        about_page(bot)
    elif page == "My reflections":
        reflections_page(bot)
    elif page == "Evaluations":
        evaluations_page(bot)
    elif page == "Knowledge":
        knowledge_page(bot)
    else:
        chat_page(bot)


main()

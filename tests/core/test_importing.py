"""import: every supported format into an empty workspace, with what is searchable and shown afterwards."""

from __future__ import annotations

import json
import mailbox
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from sahel_tui.core.errors import ReadOnlyWorkspace
from sahel_tui.core.ids import is_valid_article_id
from sahel_tui.core.metadata import load_overrides
from sahel_tui.core.workspace import Workspace

NEWS_PAGE = """<!DOCTYPE html>
<html lang="fr-FR">
<head>
  <meta charset="utf-8">
  <title>Army retakes Djibo after week of fighting | Sahel Daily</title>
  <meta property="og:title" content="Army retakes Djibo after week of fighting">
  <meta property="og:site_name" content="Sahel Daily">
  <meta name="author" content="Awa Traoré">
  <meta property="article:published_time" content="2024-05-02T10:00:00+00:00">
  <link rel="canonical" href="https://saheldaily.example/2024/05/army-retakes-djibo">
  <script>var tracker = "SCRIPTSECRET";</script>
  <style>.nav { color: red }</style>
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">We use cookies. Accept cookies COOKIEBANNER</div>
  <header><nav class="menu"><ul>
    <li><a href="/">Home</a></li><li><a href="/politics">Politics NAVLINK</a></li><li><a href="/sport">Sport</a></li>
  </ul></nav></header>
  <div class="advertisement ad-slot">Advertisement ADVERTSLOT: buy a phone today</div>
  <main><article>
    <h1>Army retakes Djibo after week of fighting</h1>
    <p class="byline">By Awa Traoré</p>
    <p>The Burkinabe army said on Thursday it had retaken the town of Djibo after a week of fighting
       with fighters of Jama'at Nusrat al-Islam wal-Muslimin, the al-Qaeda affiliate known as JNIM.</p>
    <p>Residents reached by telephone said the road to Ouagadougou was reopened on Friday morning and that
       the first food convoy in three months arrived in the afternoon, escorted by volunteers.</p>
    <p>The town of some 60,000 people has been under blockade since 2022, and aid agencies have warned
       repeatedly that families there were eating leaves to survive the lean season.</p>
    <p>Officials in Ouagadougou did not give a toll for the fighting, which witnesses described as the
       heaviest in the province since the start of the year.</p>
  </article></main>
  <aside class="related"><h3>Related stories</h3><ul>
    <li><a href="/a">RELATEDSTORY Mali junta extends transition</a></li>
    <li><a href="/b">Niger closes border RELATEDSTORY</a></li>
  </ul></aside>
  <footer class="site-footer"><p>Copyright 2024 Sahel Daily FOOTERTEXT. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a></p></footer>
</body>
</html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Sahel Wire</title><link>https://wire.example/</link><description>News</description>
  <item>
    <title>Convoy ambushed near Gao</title>
    <link>https://wire.example/convoy-gao</link>
    <pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
    <dc:creator>Moussa Keita</dc:creator>
    <description>&lt;p&gt;A supply convoy was ambushed near Gao on Monday, officials said.&lt;/p&gt;&lt;p&gt;Two trucks burned.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Flooding in Niamey displaces thousands</title>
    <link>https://wire.example/niamey-floods</link>
    <pubDate>Wed, 06 Mar 2024 09:30:00 GMT</pubDate>
    <description>Heavy rain flooded districts of Niamey overnight, leaving thousands without shelter.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Menaka Monitor</title>
  <id>urn:uuid:feed</id><updated>2024-04-01T00:00:00Z</updated>
  <entry>
    <title>Drone strike reported in Menaka region</title>
    <link href="https://monitor.example/drone-menaka"/>
    <id>urn:uuid:1</id>
    <published>2024-04-01T12:00:00Z</published><updated>2024-04-02T12:00:00Z</updated>
    <author><name>Fatoumata Diallo</name></author>
    <content type="html">&lt;p&gt;Local sources reported a drone strike east of Menaka on Sunday.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content>
  </entry>
</feed>
"""


def make_ws(tmp_path: Path, name: str = "a") -> Workspace:
    (tmp_path / f"corpus-{name}").mkdir(exist_ok=True)
    # Without the shipped gazetteer: the tests count and name the catalog entities an import brings.
    return Workspace(corpus=tmp_path / f"corpus-{name}", root=tmp_path / f"ws-{name}", author="tester", gazetteer=False)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def only(ws: Workspace, report) -> str:
    assert len(report.added) == 1, report.to_json()
    return report.added[0].id


# -- web pages ----------------------------------------------------------------------------


def test_a_saved_news_page_keeps_the_article_and_its_own_metadata_and_drops_the_furniture(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "in" / "page.html", NEWS_PAGE)])
    article = ws.article(only(ws, report))
    assert article.title == "Army retakes Djibo after week of fighting"
    assert (article.date, article.source, article.url) == (
        "2024-05-02",
        "Sahel Daily",
        "https://saheldaily.example/2024/05/army-retakes-djibo",
    )
    for furniture in ("COOKIEBANNER", "NAVLINK", "ADVERTSLOT", "RELATEDSTORY", "FOOTERTEXT", "SCRIPTSECRET"):
        assert furniture not in article.body
    for sentence in (
        "The Burkinabe army said on Thursday it had retaken the town of Djibo",
        "the first food convoy in three months arrived in the afternoon, escorted by volunteers.",
        "families there were eating leaves to survive the lean season.",
        "heaviest in the province since the start of the year.",
    ):
        assert sentence in article.body
    entry = load_overrides(ws.root)[0][article.id]
    assert entry["author"] == "Awa Traoré" and entry["language"] == "fr" and entry["original_name"] == "page.html"
    ws.sync_index()
    assert [hit.id for hit in ws.search("blockade").hits] == [article.id]
    assert ws.search("RELATEDSTORY").total == 0


def test_a_page_without_a_date_in_its_metadata_gets_none_rather_than_a_guess(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
        "<p>Published 3 March 2024. Negotiators met in Algiers on 2 March 2024 to revive the peace accord, "
        "officials said, after months without contact between the parties.</p></article></body></html>"
    )
    ws = make_ws(tmp_path)
    article = ws.article(only(ws, ws.import_paths([write(tmp_path / "talks.htm", page)])))
    assert article.title == "Talks resume" and article.date is None
    assert "Negotiators met in Algiers on 2 March 2024" in article.body


def test_a_page_without_main_text_is_refused_with_its_reason(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    report = ws.import_paths(
        [
            write(
                tmp_path / "empty.html",
                "<html><head><title>Nothing</title><script>x()</script></head><body></body></html>",
            )
        ]
    )
    assert not report.added
    assert [r.file for r in report.refused] == [str(tmp_path / "empty.html")]
    assert "no article text" in report.refused[0].reason


# -- feeds ----------------------------------------------------------------------------------


def test_each_rss_item_becomes_an_article_with_the_feed_title_as_source(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "wire.rss", RSS)])
    assert len(report.added) == 2
    articles = sorted((ws.article(a.id) for a in report.added), key=lambda a: a.date or "")
    assert [(a.title, a.date, a.source, a.url) for a in articles] == [
        ("Convoy ambushed near Gao", "2024-03-05", "Sahel Wire", "https://wire.example/convoy-gao"),
        ("Flooding in Niamey displaces thousands", "2024-03-06", "Sahel Wire", "https://wire.example/niamey-floods"),
    ]
    assert articles[0].body == "A supply convoy was ambushed near Gao on Monday, officials said.\n\nTwo trucks burned."
    assert load_overrides(ws.root)[0][articles[0].id]["author"] == "Moussa Keita"
    assert {a.original_name for a in report.added} == {"wire.rss#1", "wire.rss#2"}


def test_an_atom_entry_keeps_its_content_as_text_and_no_script(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "monitor.xml", ATOM)])
    article = ws.article(only(ws, report))
    assert (article.title, article.date, article.source) == (
        "Drone strike reported in Menaka region",
        "2024-04-01",
        "Menaka Monitor",
    )
    assert article.body == "Local sources reported a drone strike east of Menaka on Sunday."
    assert load_overrides(ws.root)[0][article.id]["author"] == "Fatoumata Diallo"


def test_a_json_feed_item_is_an_article(tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Kidal Notes",
        "items": [
            {
                "id": "1",
                "url": "https://kidal.example/1",
                "title": "Water shortage in Kidal",
                "content_text": "Residents of Kidal queued for water on Tuesday as wells ran dry.",
                "date_published": "2024-06-04T07:00:00Z",
                "authors": [{"name": "Ag Intalla"}],
            },
            {"id": "2", "title": "No text at all"},
        ],
    }
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "notes.json", json.dumps(feed))])
    article = ws.article(only(ws, report))
    assert (article.title, article.date, article.source, article.url) == (
        "Water shortage in Kidal",
        "2024-06-04",
        "Kidal Notes",
        "https://kidal.example/1",
    )
    assert article.body == "Residents of Kidal queued for water on Tuesday as wells ran dry."
    assert [r.reason for r in report.refused] == ["item 2 has no text (no content and no summary)"]


# -- e-mail ---------------------------------------------------------------------------------


def _message(subject: str, body: str, *, html: str | None = None, date: str = "Mon, 13 May 2024 10:00:00 +0000"):
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Ibrahim Maiga <ibrahim@example.org>"
    message["To"] = "desk@example.org"
    message["Date"] = date
    if body:
        message.set_content(body)
        if html:
            message.add_alternative(html, subtype="html")
    else:
        message.set_content(html or "", subtype="html")
    return message


def test_an_email_gives_subject_date_sender_and_its_text_part(tmp_path: Path) -> None:
    text = "Sources in Ménaka report clashes on Sunday.\n\nThe governor called for calm.\n"
    eml = write(tmp_path / "fwd.eml", bytes(_message("Clashes in Ménaka", text, html="<p>HTMLPART</p>")))
    ws = make_ws(tmp_path)
    article = ws.article(only(ws, ws.import_paths([eml])))
    assert (article.title, article.date) == ("Clashes in Ménaka", "2024-05-13")
    assert article.body == "Sources in Ménaka report clashes on Sunday.\n\nThe governor called for calm."
    entry = load_overrides(ws.root)[0][article.id]
    assert entry["author"] == "Ibrahim Maiga" and entry["original_name"] == "fwd.eml"


def test_an_html_only_email_goes_through_the_html_extraction(tmp_path: Path) -> None:
    html = "<html><body><p>Gunmen attacked a checkpoint near Douentza overnight, two soldiers were wounded.</p></body></html>"
    eml = write(tmp_path / "html.eml", bytes(_message("Douentza checkpoint", "", html=html)))
    ws = make_ws(tmp_path)
    article = ws.article(only(ws, ws.import_paths([eml])))
    assert article.body == "Gunmen attacked a checkpoint near Douentza overnight, two soldiers were wounded."
    assert "<p>" not in article.body


def test_each_message_of_an_mbox_becomes_an_article(tmp_path: Path) -> None:
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    box.add(_message("Mopti market reopens", "The market of Mopti reopened on Saturday after two weeks."))
    box.add(
        _message(
            "Bridge repaired at Gao",
            "Engineers repaired the Wabaria bridge at Gao.",
            date="Sun, 12 May 2024 08:00:00 +0000",
        )
    )
    box.close()
    ws = make_ws(tmp_path)
    report = ws.import_paths([path])
    titles = sorted(ws.article(a.id).title for a in report.added)
    assert titles == ["Bridge repaired at Gao", "Mopti market reopens"]
    assert {a.original_name for a in report.added} == {"inbox.mbox#1", "inbox.mbox#2"}


# -- JSON Lines -----------------------------------------------------------------------------


def test_json_lines_bring_mentions_and_entities_and_refuse_a_bad_line_by_number(tmp_path: Path) -> None:
    lines = [
        {
            "id": "colleague-1",
            "title": "JNIM enters Djibo",
            "date": "2024-05-01",
            "source": "Field notes",
            "text": "Fighters of JNIM entered Djibo on Monday.\n\nResidents fled towards Ouagadougou.",
            "mentions": [
                {"start": 12, "end": 16, "label": "ORG", "entity": "jnim-x"},
                {"start": 25, "end": 30, "label": "gpe", "text": "Djibo"},
            ],
            "entities": [{"id": "jnim-x", "name": "JNIM (imported)", "type": "org", "aliases": ["GSIM"]}],
        }
    ]
    content = json.dumps(lines[0]) + "\n{broken\n" + json.dumps({"title": "no text"}) + "\n"
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "dump.jsonl", content)])
    assert [a.id for a in report.added] == ["colleague-1"]
    assert [(r.line, r.reason.split(":")[0]) for r in report.refused] == [
        (2, "not valid JSON"),
        (3, "no 'text' (the article body)"),
    ]
    article = ws.article("colleague-1")
    mentions = ws.mentions("colleague-1")
    assert [(article.body[m.start : m.end], m.label, m.entity, m.state) for m in mentions] == [
        ("JNIM", "ORGANIZATION", "jnim-x", "ok"),
        ("Djibo", "LOCATION", None, "ok"),
    ]
    entity = ws.catalog.get("jnim-x")
    assert entity is not None and entity.type == "ORGANIZATION" and entity.aliases == ("GSIM",)
    ws.sync_index()
    assert [hit.id for hit in ws.search("entity:jnim-x").hits] == ["colleague-1"]


def test_a_json_lines_entity_already_in_the_catalog_by_name_is_reused(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    existing = ws.add_entity("Niamey", "LOCATION", entity_id="niamey")
    line = {
        "text": "Protesters gathered in Niamey on Friday.",
        "mentions": [{"start": 23, "end": 29, "label": "LOC", "entity": "their-niamey"}],
        "entities": [{"id": "their-niamey", "name": "Niamey", "type": "GPE"}],
    }
    report = ws.import_paths([write(tmp_path / "x.jsonl", json.dumps(line))])
    mentions = ws.mentions(only(ws, report))
    assert [m.entity for m in mentions] == [existing.id]
    assert [e.id for e in ws.catalog.all()] == ["niamey"]


def test_mentions_follow_their_words_when_the_corpus_rejoins_hard_wrapped_lines(tmp_path: Path) -> None:
    text = "Soldiers from the garrison at\n    the town of Menaka patrolled\n    the road to Anderamboukane on Tuesday."
    line = {
        "title": "Patrol",
        "text": text,
        "mentions": [
            {"start": text.index("Menaka"), "end": text.index("Menaka") + 6, "label": "LOCATION"},
            {"start": text.index("Ander"), "end": text.index("Ander") + 14, "label": "LOCATION"},
        ],
    }
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "x.jsonl", json.dumps(line))])
    article = ws.article(only(ws, report))
    assert article.body == " ".join(text.split())
    assert [(article.body[m.start : m.end], m.state) for m in ws.mentions(article.id)] == [
        ("Menaka", "moved"),
        ("Anderamboukane", "moved"),
    ]


def test_an_entity_id_already_in_the_catalog_keeps_the_catalog_type(tmp_path: Path) -> None:
    ws = make_ws(tmp_path)
    ws.add_entity("Gao", "LOCATION", entity_id="gao")
    line = {
        "text": "Gao was calm.",
        "mentions": [{"start": 0, "end": 3, "label": "PER", "entity": "gao"}],
        "entities": [{"id": "gao", "name": "Gao Xingjian", "type": "PER"}],
    }
    report = ws.import_paths([write(tmp_path / "x.jsonl", json.dumps(line))])
    assert ws.catalog.get("gao").type == "LOCATION"  # type: ignore[union-attr]
    assert any("the catalog's kept" in note for note in report.notes)


def test_a_feed_without_items_and_an_xml_file_that_is_no_feed_are_refused(tmp_path: Path) -> None:
    empty = write(
        tmp_path / "empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    )
    other = write(tmp_path / "config.xml", "<config><option>1</option></config>")
    report = make_ws(tmp_path).import_paths([empty, other])
    assert not report.added
    assert sorted((Path(r.file).name, r.reason) for r in report.refused) == [
        ("config.xml", "not an RSS or Atom feed"),
        ("empty.rss", "the feed has no items"),
    ]


def test_a_mention_whose_text_is_not_at_its_offsets_is_skipped_with_a_note(tmp_path: Path) -> None:
    line = {
        "text": "Soldiers arrived in Gao.",
        "mentions": [{"start": 0, "end": 3, "label": "LOCATION", "text": "Gao"}],
    }
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "x.jsonl", json.dumps(line))])
    assert report.added[0].mentions == 0 and ws.mentions(report.added[0].id) == []
    assert any("is not at those offsets" in note for note in report.notes)


# -- files as they really are ------------------------------------------------------------------

ODD_NAMES = [
    "article with  two spaces .txt",
    "trailing space .txt",
    "Tillabéri  report 2025.txt",
    "Тиллабери отчёт.txt",
    "تقرير تيلابيري.txt",
    "x" * 246 + ".txt",
    "Report.txt",
    "report.TXT",
]


def test_odd_file_names_get_safe_stable_ids_and_keep_their_original_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    texts = {}
    for number, name in enumerate(ODD_NAMES):
        text = f"Report number {number} from the field\n\nPatrol {number} met villagers near Ayorou on day {number}.\n"
        texts[name] = text
        write(folder / name, text)
    ws = make_ws(tmp_path)
    report = ws.import_paths([folder])
    assert not report.refused and len(report.added) == len(ODD_NAMES)
    overrides = load_overrides(ws.root)[0]
    assert sorted(overrides[a.id]["original_name"] for a in report.added) == sorted(ODD_NAMES)
    for added in report.added:
        assert is_valid_article_id(added.id) and re.fullmatch(r"[a-z0-9-]+", added.id)
        article = ws.article(added.id)
        assert words(article.title + " " + article.body) == words(texts[added.original_name])
    ids = [a.id for a in report.added]
    assert len({i.casefold() for i in ids}) == len(ids)
    again = make_ws(tmp_path, "b").import_paths([folder])
    assert sorted(a.id for a in again.added) == sorted(ids)  # the same files get the same ids


def test_stray_control_characters_are_text_and_nothing_is_lost(tmp_path: Path) -> None:
    raw = "Scraped title\n\nGunmen\x0c attacked a market near Tillabéri\x07 on Sunday,\x1b[31m residents said.\n"
    ws = make_ws(tmp_path)
    report = ws.import_paths([write(tmp_path / "scraped page.txt", raw)])
    article = ws.article(only(ws, report))
    assert "\x07" in article.body and "\x1b[31m" in article.body
    assert words(article.body) == words("Gunmen attacked a market near Tillabéri on Sunday, 31m residents said.")
    ws.sync_index()
    assert [h.id for h in ws.search("Tillaberi").hits] == [article.id]


def test_markdown_is_stripped_to_text_with_headings_as_lines(tmp_path: Path) -> None:
    md = """# Weekly brief: central Mali

Clashes **intensified** around [Mopti](https://example.org/mopti) this week.

## Humanitarian

- Aid convoys were delayed by *two days*.
- The `UNHAS` flights resumed.
"""
    ws = make_ws(tmp_path)
    article = ws.article(only(ws, ws.import_paths([write(tmp_path / "brief.md", md)])))
    assert article.title == "Weekly brief: central Mali"
    assert "Humanitarian" in article.body.split("\n\n")
    assert "Clashes intensified around Mopti this week." in article.body
    assert "**" not in article.body and "](" not in article.body and "`" not in article.body
    assert "Aid convoys were delayed by two days." in article.body and "The UNHAS flights resumed." in article.body


# -- copies, refusals, progress ----------------------------------------------------------------


def test_exact_copies_are_skipped_and_near_copies_are_joined_to_their_story(tmp_path: Path) -> None:
    story = (
        "Niger's junta ordered the French ambassador to leave Niamey within forty-eight hours on Friday, "
        "accusing Paris of interference. The foreign ministry said the envoy had ignored an invitation to "
        "a meeting. France said the junta had no authority to expel its ambassador."
    )
    rewrite = story.replace("on Friday", "late on Friday").replace("France said", "Paris replied that")
    folder = tmp_path / "in"
    write(folder / "a.txt", f"Junta expels envoy\n\n{story}\n")
    write(folder / "copy.txt", f"Junta expels envoy\n\n{story.upper()}\n")  # case does not make it new
    write(folder / "rewrite.txt", f"Niger gives French envoy 48 hours\n\n{rewrite}\n")
    ws = make_ws(tmp_path)
    report = ws.import_paths([folder])
    assert len(report.added) == 2 and len(report.copies) == 1
    assert report.copies[0].where.endswith("copy.txt")
    joined = {j.id: j.group for j in report.joined}
    first, second = (a.id for a in report.added)
    assert joined == {first: (second,), second: (first,)}
    again = ws.import_paths([folder])
    assert not again.added and len(again.copies) == 3


def test_bad_files_are_refused_one_by_one_without_stopping_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "binary.txt", b"\x00\x01\x02PK\x03\x04" * 50)
    write(folder / "empty.txt", "")
    write(folder / "broken.mbox", "this is not a mailbox\n")
    write(folder / "photo.jpg", b"\xff\xd8\xff")
    write(folder / "good.txt", "A good title\n\nA good article about Gao with enough words in it.\n")
    ws = make_ws(tmp_path)
    report = ws.import_paths([folder, tmp_path / "missing.txt", write(tmp_path / "notes.docx", b"PK")])
    assert [ws.article(a.id).title for a in report.added] == ["A good title"]
    reasons = {Path(r.file).name: r.reason for r in report.refused}
    assert set(reasons) == {"binary.txt", "empty.txt", "broken.mbox", "missing.txt", "notes.docx"}
    assert "binary" in reasons["binary.txt"] and "unsupported file type" in reasons["notes.docx"]
    assert reasons["missing.txt"] == "no such file or folder"
    assert report.ignored == 1  # photo.jpg, inside a folder


def test_progress_is_reported_once_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n in range(3):
        write(folder / f"{n}.txt", f"Title {n}\n\nBody number {n} about Kayes and the river.\n")
    seen: list[tuple[int, int]] = []
    make_ws(tmp_path).import_paths([folder], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_read_only_workspace_imports_nothing(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    ws = Workspace(corpus=tmp_path / "corpus", root=tmp_path / "ws", read_only=True)
    with pytest.raises(ReadOnlyWorkspace):
        ws.import_paths([write(tmp_path / "a.txt", "Title\n\nText about Gao.\n")])
    assert list((tmp_path / "corpus").iterdir()) == []


def test_an_unsafe_id_proposed_by_the_source_is_not_used_as_a_path(tmp_path: Path) -> None:
    line = {"id": "../../etc/passwd", "title": "Escape attempt", "text": "Nothing to see in Kidal today."}
    ws = make_ws(tmp_path)
    article_id = only(ws, ws.import_paths([write(tmp_path / "x.jsonl", json.dumps(line))]))
    assert article_id.startswith("escape-attempt-")
    assert [p.name for p in ws.corpus.iterdir()] == [f"{article_id}.txt"]  # type: ignore[union-attr]

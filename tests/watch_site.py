"""The sources the watch tests serve: feeds, a sitemap, pages in three encodings, bad endpoints."""

from __future__ import annotations

from local_server import Route

PAGE = """<!DOCTYPE html>
<html><head>{meta}<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article>
<footer>© {site}</footer>
</body></html>
"""

# title, site, published, paragraphs
PAGES = {
    "utf8": (
        "Учения ОДКБ «Взаимодействие-2025» пройдут в Беларуси",
        "Минская правда",
        "2025-03-10T09:00:00+03:00",
        [
            "Совместные учения коллективных сил оперативного реагирования ОДКБ пройдут в"
            " сентябре на полигонах Беларуси, сообщили в Объединенном штабе организации.",
            "В учениях примут участие военнослужащие Армении, Казахстана, Кыргызстана, России"
            " и Таджикистана. Отработке подлежат действия по локализации вооруженного"
            " конфликта в регионе коллективной безопасности.",
        ],
    ),
    "cp1251": (
        "Пограничники Таджикистана усилили охрану границы с Афганистаном",
        "Азия-Плюс",
        "2025-03-11T10:30:00+05:00",
        [
            "Пограничные войска Таджикистана усилили охрану участков границы с Афганистаном"
            " в Хатлонской области, сообщили в Главном управлении пограничных войск.",
            "На заставах размещены дополнительные наряды и техника. Меры приняты после"
            " попытки незаконного пересечения границы группой вооруженных лиц.",
        ],
    ),
    "koi8r": (
        "Министры обороны стран СНГ встретились в Москве",
        "Военное обозрение",
        "2025-03-12T12:00:00+03:00",
        [
            "Совет министров обороны государств Содружества Независимых Государств провел"
            " очередное заседание в Москве под председательством министра обороны России.",
            "Участники обсудили развитие объединенной системы противовоздушной обороны и"
            " подготовку совместных мероприятий оперативной подготовки на следующий год.",
        ],
    ),
    "sitemap-page": (
        "Казахстан и Кыргызстан завершили демаркацию границы",
        "Казинформ",
        "2025-03-13T08:15:00+05:00",
        [
            "Правительственные делегации Казахстана и Кыргызстана подписали протокол о"
            " завершении демаркации государственной границы между двумя странами.",
            "Документ закрепляет прохождение линии границы на всем ее протяжении и снимает"
            " спорные вопросы, которые обсуждались на переговорах последние годы.",
        ],
    ),
}
CHARSETS = {"utf8": "utf-8", "cp1251": "cp1251", "koi8r": "koi8-r", "sitemap-page": "utf-8"}

FULL_TEXT = (
    "Генеральный секретарь ОДКБ Имангали Тасмагамбетов прибыл в Ереван с рабочим визитом."
    " В ходе визита он проведет встречи с руководством министерства иностранных дел и"
    " министерства обороны Армении. Стороны обсудят выполнение решений сессии Совета"
    " коллективной безопасности, ход подготовки совместных мероприятий и ситуацию на"
    " армяно-азербайджанской границе. Генеральный секретарь также посетит штаб-квартиру"
    " армянского национального контингента коллективных сил и ознакомится с условиями"
    " подготовки военнослужащих к совместным учениям организации в текущем году."
)
ATOM_TEXT = (
    "Foreign ministers of the Shanghai Cooperation Organisation met in Astana on Friday to"
    " prepare the summit of heads of state. The ministers discussed regional security,"
    " the situation in Afghanistan, counter-terrorism cooperation and transport links"
    " across Central Asia. Kazakhstan, which chairs the organisation this year, presented"
    " a draft declaration on strengthening cooperation against extremism, drug trafficking"
    " and cross-border crime, and the ministers agreed to submit it to the summit."
)

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def page_bytes(name: str) -> bytes:
    """One article page, encoded as its name says (cp1251 declared, koi8-r undeclared)."""
    title, site, published, paras = PAGES[name]
    charset = CHARSETS[name]
    meta = '<meta charset="windows-1251">' if charset == "cp1251" else ""
    meta = '<meta charset="utf-8">' if charset == "utf-8" else meta
    html = PAGE.format(
        meta=meta,
        title=title,
        site=site,
        published=published,
        paragraphs="\n".join(f"<p>{p}</p>" for p in paras),
    )
    return html.encode(charset)


def _item(title: str, link: str, date: str, summary: str, full: str = "") -> str:
    encoded = f"<content:encoded><![CDATA[<p>{full}</p>]]></content:encoded>" if full else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date}</pubDate><description>{summary}</description>{encoded}</item>"
    )


def rss(base: str) -> bytes:
    """The RSS feed: a full-text item and thin items whose pages must be fetched."""
    items = [
        _item(
            "Генсек ОДКБ прибыл в Ереван",
            f"{base}/news/full-1?utm_source=rss&amp;utm_medium=feed",
            "Fri, 14 Mar 2025 09:00:00 +0300",
            "Тасмагамбетов прибыл в Ереван.",
            FULL_TEXT,
        ),
        _item(
            "Учения ОДКБ", f"{base}/pages/utf8.html", "Mon, 10 Mar 2025 06:00:00 +0000", "Учения."
        ),
        _item(
            "Граница", f"{base}/pages/cp1251.html", "Tue, 11 Mar 2025 05:30:00 +0000", "Граница."
        ),
        _item("Минобороны СНГ", f"{base}/pages/koi8r.html", "", "Совет министров обороны."),
        _item("Битая", f"{base}/pages/broken.html", "", "Битая страница."),
        _item("Закрыто", f"{base}/private/secret.html", "", "Закрыто robots.txt."),
        _item("Медленно", f"{base}/pages/slow.html", "", "Медленный сервер."),
        _item("Ошибка", f"{base}/pages/fail.html", "", "Сервер падает."),
        _item("Учения (копия)", f"{base}/pages/utf8.html?utm_campaign=x", "", "Учения."),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Вестник ОДКБ</title><link>{base}/</link><language>ru</language>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def atom(base: str) -> bytes:
    """An Atom feed with one full-text English entry."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>SCO Monitor</title>
<id>{base}/atom</id><updated>2025-03-15T10:00:00Z</updated>
<entry><title>SCO foreign ministers meet in Astana</title>
<link href="{base}/en/sco-ministers"/><id>{base}/en/sco-ministers</id>
<updated>2025-03-15T10:00:00Z</updated><published>2025-03-15T09:00:00Z</published>
<content type="html">&lt;p&gt;{ATOM_TEXT}&lt;/p&gt;</content></entry></feed>""".encode()


def sitemap(base: str) -> bytes:
    """A Google News sitemap listing one page."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/pages/sitemap-page.html</loc>
<news:news><news:publication><news:name>Казинформ</news:name><news:language>ru</news:language>
</news:publication><news:publication_date>2025-03-13T08:15:00+05:00</news:publication_date>
<news:title>Казахстан и Кыргызстан завершили демаркацию границы</news:title></news:news></url>
</urlset>""".encode()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4;</title></item></channel></rss>
"""


def routes(base: str) -> dict[str, Route]:
    """Every path of the test site."""
    xml = "application/xml"
    plain = "text/html"  # no charset in the header: the page or the statistics must tell
    return {
        "/robots.txt": Route(ROBOTS.encode(), content_type="text/plain"),
        "/feed.rss": Route(rss(base), content_type=xml, encoding="gzip", etag='"rss-v1"'),
        "/atom.xml": Route(atom(base), content_type=xml, encoding="br"),
        "/news-sitemap.xml": Route(sitemap(base), content_type=xml),
        "/down.xml": Route(b"oops", status=500, content_type="text/plain"),
        "/bomb.xml": Route(BOMB, content_type=xml),
        "/pages/utf8.html": Route(page_bytes("utf8")),
        "/pages/cp1251.html": Route(page_bytes("cp1251"), content_type=plain),
        "/pages/koi8r.html": Route(page_bytes("koi8r"), content_type=plain),
        "/pages/sitemap-page.html": Route(page_bytes("sitemap-page")),
        "/pages/broken.html": Route(bytes(range(256)) * 8, content_type=plain),
        "/private/secret.html": Route(page_bytes("utf8")),
        "/pages/slow.html": Route(page_bytes("utf8"), delay_s=2.5),
        "/pages/fail.html": Route(b"internal error", status=500),
        "/moved": Route(status=301, location="/pages/utf8.html"),
        "/loop": Route(status=302, location="/loop"),
    }

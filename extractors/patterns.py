"""Chrome and metadata patterns, as data.

Every rule is one row: a name, a role, a regular expression matched against one whole paragraph
(whitespace collapsed), and a one-line reason. Adding a republisher's wording is a new row, not new
code. Rules describe the kind of chrome (a "published on" label, a republication note), never one
site's page.

Roles:
  drop       page chrome; removed wherever it stands
  separator  ends one post and starts the next in a text dump ("Continue Reading")
  note       a republication note: names the source outlet (group `source`), says if truncated
  blurb      a publisher's self-description below a post; may name the source (group `source`)
  byline     an author line (group `names`)
  credit     translation / editing / reporting credits
  caption    a photo caption: a line ending in a credit such as "(Photo: Reuters)"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Role(StrEnum):
    DROP = "drop"
    SEPARATOR = "separator"
    NOTE = "note"
    BLURB = "blurb"
    BYLINE = "byline"
    CREDIT = "credit"
    CAPTION = "caption"


@dataclass(frozen=True)
class Pattern:
    name: str
    role: Role
    regex: re.Pattern[str]
    reason: str
    truncated: bool = False  # notes only: the republisher carries only part of the article
    max_len: int = 400  # longer paragraphs are body text that happens to start alike
    tail_only: bool = False  # wording a body sentence may share: only in a post's closing paragraphs
    head_too: bool = False  # blurbs only: a republisher also sets it over the copied article
    # page furniture no article holds (menus, account and comment-form buttons): in a text dump's body
    # run it costs what any short line costs, where chrome set inside articles ("Share") costs less
    furniture: bool = False


def _p(name: str, role: Role, regex: str, reason: str, flags: int = re.IGNORECASE, **kw: object) -> Pattern:
    return Pattern(name, role, re.compile(regex, flags), reason, **kw)  # type: ignore[arg-type]


def _f(name: str, regex: str, reason: str) -> Pattern:
    """A row of page furniture (see `Pattern.furniture`)."""
    return _p(name, Role.DROP, regex, reason, furniture=True)


# WordPress and page-builder shortcodes a theme failed to render: "[name attr="v"]", "[/name]",
# "[name]". Lower-case names only, so "[Photo]" or "[Update]" (editorial) never match; a name
# starts with a letter, so a footnote "[1]" never does; editorial marks ("[sic]") are left out.
# Attribute values may have been given curly quotes by the theme's typography filter.
SHORTCODE_NAME = r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*"
SHORTCODE_ATTR = r"""\s+[a-z_][\w-]*\s*=\s*(?:["“”″][^"“”″\]]*["“”″]|['‘’][^'‘’\]]*['‘’]|[^\s\]"“”″'‘’]+)"""
EDITORIAL_MARKS = r"(?:sic|ibid|sp)"
SHORTCODE_TAG = rf"\[(?:/{SHORTCODE_NAME}|(?!{EDITORIAL_MARKS}\]){SHORTCODE_NAME}(?:{SHORTCODE_ATTR})*\s*/?)\]"

# One link of a breadcrumb trail whose separators were images, glued to the next ("HomeNewsWorld",
# "Arts&Culture"): the text path reads such trails (`textdump.HOME_TRAIL_GLUED`), the table drops a cut one.
GLUED_CRUMB = r"[A-Z][a-z]+(?:&[A-Z][a-z]+)?"

# A source name: a short run that does not end a sentence and is not a whole sentence itself.
SRC = r"(?P<source>[^.!?>]{2,80}?)"
ARTICLE = r"(?:article|story|post|piece|report)"
# "Author:" in the languages of republished pages (a label, so only with its colon: "Autor" alone is
# a word of a sentence); the Zox theme's Thai pages print "ผู้แต่ง:".
AUTHOR_LABELS = "autor(?:a|in|es|as)?|autore|auteur|verfasser|автор|作者|著者|ผู้เขียน|ผู้แต่ง|tác giả|penulis|yazar"
# Words that make "Author ..." a heading or a link, not a byline: a journal's "Author information", a
# blog's "Author Archives", "Author stats", "Author Login" (labels of boxes and menus, no one's name).
AUTHOR_HEADINGS = ("information|info|details|bio|biography|bibliography|profile|page|archives?|box|notes?|"
                   "guidelines|index|list|stats|talk|website|message|login|comments?|events|interviews|hub|posts|"
                   "spotlight|corner|services|resources|contributions|affiliations|names|username|in residence")

# The pages a site's footer or top bar links to on every page (its legal, contact and about pages): a
# row of short links naming two of them is the site's own menu, never a sentence of the article.
LEGAL_LINK = (r"(?:privacy(?: (?:policy|notice|statement|settings|choices|center))?|your privacy choices|"
              r"privacy (?:&|and) cookies?(?: policy)?|terms(?: (?:of (?:use|usage|service)|(?:and|&) conditions))?|"
              r"site ?map|contact(?: us)?|about(?: us)?|cookies?(?: (?:policy|settings|preferences))?|"
              r"accessibility(?: statement)?|careers|advertis(?:e|ing)(?: with us)?|imprint|impressum|"
              r"legal(?: notices?| information)?|disclaimer|copyright)")
# Between a menu row's links: a spaced bar, dot, bullet or dash. A link never spans one, so the row
# splits one way only (no backtracking over how to cut it); the row's first link is looked for with a
# plain character class first, so a paragraph of prose fails within its first 60 characters.
LINK_SEP = r"(?:\s[|·•]\s|\s[-–]\s)"
LINK_TEXT = rf"(?:(?!{LINK_SEP})[^|·•]){{1,60}}"

# The names share and follow buttons print: the networks, and the tools beside them. A run of them is
# chrome on one line (`share_buttons`) or one to a line (`button_rows`).
SHARE_NETWORKS = frozenset(("facebook", "twitter", "x", "linkedin", "pinterest", "reddit", "whatsapp", "telegram", "tumblr",
                            "instagram", "youtube", "tiktok", "flipboard", "pocket", "digg", "delicious", "stumbleupon",
                            "livejournal", "vk", "messenger", "threads", "bluesky", "mastodon", "xing", "viber", "buffer"))
SHARE_TOOLS = SHARE_NETWORKS | frozenset(("email", "e mail", "mail", "print", "share", "tweet", "save", "sms", "copy link",
                                          "copy url", "bookmark"))
# A row of ten buttons fits in this: the row's checks, run on a paragraph that opens with a button's name,
# never read further into a long one.
SHARE_ROW_MAX_CHARS = 300
# One button's name in a regex, longest first; a space in a name is any run of non-word characters.
SHARE_BUTTON = "|".join(re.escape(name).replace(r"\ ", r"[\W_]*") for name in sorted(SHARE_TOOLS, key=lambda n: (-len(n), n)))

# An older page's article tools: a row of their words with at least one that is only a tool's (a
# bare "Print" or "Email" is the share bar's row).
SHARE_PHRASE = (r"printer[- ]friendly|e-?mail (?:this|to a friend|article|story|page)|print (?:this|article|page|story)|pin it|"
                r"copy link|digg|del\.icio\.us|stumbleupon|newsvine|printable|return to top|easy print|blogthis|furl|reblog")
SHARE_TOOL = (r"(?:print(?:er[- ]friendly|able)?|e-?mail|this|to|a|friend|article|page|story|version|format|pin|it|copy|link|digg|"
              r"post|save|share|del\.icio\.us|stumbleupon|newsvine|facebook|twitter|reddit|return|top|back|easy|search|"
              r"newsletter|blogthis!?|furl|reblog|\(\d+\))")

PATTERNS: tuple[Pattern, ...] = (
    # --- separators -------------------------------------------------------------------------
    _p("continue_reading", Role.SEPARATOR, r"^continue reading\s*(?:[»›→>…]+|\.\.\.)?$",
       "the theme's button under every post; in a dump it is the boundary between posts"),
    # --- page chrome --------------------------------------------------------------------------
    _p("social_flyout", Role.DROP, r"^(?:connect|stay connected|get social|follow us|join us) ?(?:with us|on social media)?:?$",
       "heading of the social-media fly-out menu"),
    _p("ad_script", Role.DROP, r"adsbygoogle|googlesyndication|googletagservices|googletag\.|doubleclick\.net|pagead\d?\.|amazon-adsystem",
       "ad loader JavaScript that leaked into the text", max_len=2000, flags=0),  # code is lower case
    _p("script_text", Role.DROP, r"^(?:\(?\s*function\s*\(|window\.\w+\s*=|var \w+\s*=|document\.write\(|<script|\}\)\(\);?$)",
       "other inline script text that leaked into the text", max_len=2000),
    _p("date_label", Role.DROP, r"^(?:published|posted|updated|last updated|first published)(?: on)?:?$",
       "date label whose date lived in markup that did not survive"),
    _p("date_label_on", Role.DROP, r"^on:?$", "second half of the split 'Published / on' label"),
    _p("relative_age", Role.DROP, r"^\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago$",
       "relative post age ('3 hours ago') beside the real date"),
    _p("ad_label", Role.DROP, r"^(?:advertisement|advertisements|advert|sponsored|sponsored content|ad|ads)$",
       "label above an ad slot"),
    _p("share_bar", Role.DROP, r"^(?:share|share this|share this (?:article|story|post)|share on \w+|tweet|tweet this|email|print|whatsapp|like this:?|click to share on .+|share via .+)[:!.]?$",
       "share-button labels"),
    _p("related_heading", Role.DROP, r"^(?:you may like|you might also like|related|related posts|related articles|related stories|related topics:?.*|trending|latest|latest news|more stories|more from .{1,40}|recommended|read next|up next|don't miss|popular posts|most read)$",
       "headings of related, trending and latest-post lists"),
    _p("comments", Role.DROP, r"^(?:leave a (?:reply|comment)(?: cancel reply)?|click to comment|\d+ comments?|no comments yet\.?|comments|post comment|cancel reply|your email address will not be published\..*)$",
       "comment widget labels"),
    _f("comment_notify", r"^notify me of (?:follow-?up comments|new (?:posts|comments))(?: (?:by|via) e-?mail)?\.?$",
       "the e-mail checkboxes under WordPress's comment form"),
    _f("browser_notice", r"^(?:javascript is (?:disabled|turned off)\b.{0,200}|you are using an out of date browser\b.{0,200}|"
       r"you should upgrade or use an alternative browser\.?|please enable javascript\b.{0,200}|(?:blog )?comments powered by disqus\.?|"
       r"please download a browser that supports javascript\b.{0,120})$",
       "what a forum or comment widget prints for readers without scripts or with an old browser"),
    _f("qa_tools", r"^(?:improve this (?:question|answer)|sorted by:\s*reset to default|highest score \(default\).{0,120}|"
       r"follow this (?:question|answer) to receive notifications|add a comment\s*\|)$",
       "a question-and-answer site's buttons and sort menu around each post (Stack Exchange)"),
    _f("comment_form_prompts", r"^(?:enter your comment here\.{3}|fill in your details below or click an icon to log in:?|"
       r"you are commenting using your \S+ account\..{0,80}|connecting to %s|email \(required\) \(address never made public\)|"
       r"name \(required\)|email \(required\)|post your comment|verify your comment|previewing your comment|"
       r"this is only a preview\. your comment has not yet been posted\.?|your comment could not be posted\..{0,200}|"
       r"the letters and numbers you entered did not match the image\..{0,100}|having trouble reading this image\? view an alternate\.?|"
       r"you must log in or register to reply here\.?|not open for further replies\.?|subscribe to comments on this entry|"
       r"subscribe to this comment's feed)$",
       "the prompts, previews and notices of a blog's or forum's comment form (WordPress.com, Movable Type, XenForo)"),
    _f("likes", r"^(?:\d+ likes?|be the first to like this\.?|like loading\.{3}|reply quote like|quote \| report this post|\d+ recs \|?|rate this (?:article|story|post))$",
       "a post's or comment's like counter, rating and their buttons"),
    _f("pager", r"^(?:post navigation|(?:[«‹←]\s*)?(?:previous|prev|older|newer|next|first|last)(?: (?:post|page|entry|article|story))?"
       r"(?:\s*[»›→])?(?:\s*(?:[«‹←]\s*)?(?:previous|prev|older|newer|next|first|last|home)(?: (?:post|page|entry|article|story))?(?:\s*[»›→])?)+|"
       r"[«‹←]\s*(?:previous|prev|older|newer)(?: (?:post|page|entry|article|story))|(?:previous|prev|older|newer|next) (?:post|page|entry|article|story)\s*[»›→])$",
       "links to the neighbouring posts or pages ('« Previous Post', 'Previous Next', 'Next Page »')"),
    _f("media_notice", r"^(?:your browser does not (?:seem to )?support (?:the (?:video|audio) (?:tag|element)|javascript|iframes?)\b.{0,100}|"
       r"this slideshow requires javascript\.?|(?:please turn on javascript\. )?media requires javascript to play\.?)$",
       "what an embedded player or slideshow prints where it cannot run"),
    _f("recaptcha", r"^this site is protected by recaptcha and the google privacy policy and terms of service apply\.?$",
       "the anti-spam notice under a site's forms"),
    _f("account_buttons", r"^(?:log ?in|sign ?in|log ?in \| (?:subscribe|register)|create (?:an )?account|forgot (?:your )?password\??|"
       r"sign me up|not registered\?|already a member\? log ?in now\.?)$",
       "the site's account buttons in its top bar or beside a form"),
    _f("share_tools", rf"^(?:{SHARE_TOOL}\W*){{0,11}}?(?:{SHARE_PHRASE})\b\W*(?:{SHARE_TOOL}\W*){{0,11}}$",
       "an older page's tools beside the article ('Email to a friend Printer friendly', 'Digg This!', 'Post to del.icio.us')"),
    _f("share_buttons", rf"^(?=(?:{SHARE_BUTTON}))(?=.{{2,{SHARE_ROW_MAX_CHARS}}}$)(?!(?:x\W*)+$)(?!.*\w\()"
       rf"(?:(?:{SHARE_BUTTON})\W*){{2,10}}$",
       "a row of share buttons printed as their names ('Share Tweet Share', 'FacebookTwitter'); not 'X X X', a "
       "section break, nor 'print(x)', code"),
    _f("text_size", r"^(?:text size|font(?: size)?:?|(?:increase|decrease|reset) (?:text|font) size)$",
       "an older page's text-size buttons"),
    _f("comment_links", r"^(?:add your comment\s*→?|write a comment|comment on this (?:article|story|post)|article comments)$",
       "links to a post's comment box ('Add your comment', 'Comment on this article')"),
    _f("form_labels", r"^(?:(?:your |full |first |last |e-?mail )?(?:name|e-?mail(?: address)?|nickname|password|message|website|"
       r"phone(?: number)?|comment)\s*(?:\(required\))?\s*(?::\s*\*?|\*)|enter your e-?mail(?: address)?:?|e-?mail me:|search for:)$",
       "the field labels of a comment, contact or sign-up form, or a search box ('Name *', 'Email address:')"),
    _f("form_messages", r"^(?:thank you! your submission has been received!?|oops! something went wrong while submitting the form\.?|"
       r"please enter a valid email(?: address)?\.?|thanks? (?:you )?for (?:signing up|subscribing)!?)$",
       "the messages a sign-up or contact form prints when sent or refused"),
    _f("comment_moderation", r"^(?:your comment has been (?:saved|posted|received)\..{0,200}|comments are moderated,? and will not appear until .{0,120}|"
       r"comment below or sign in with .{0,120}|you are currently signed in as .{0,80}|\(urls automatically linked\.\)|"
       r"\(name and email address are required\..{0,160}\)|name is required to post a comment|invalid url|"
       r"please note: to publish your comment .{0,200})$",
       "a hosted blog's comment box and its moderation notices (TypePad, Movable Type)"),
    _f("forum_tools", r"^(?:thread starter|original poster|reaction score|go to page|sort by (?:oldest|newest) first|"
       r"oldest first newest first.{0,60}|this topic has been deleted\. only users with .{0,120}|\d+ repl(?:y|ies)|posts: \d+|"
       r"member since \d{1,2}/\d{4}|last edited: .{1,40}|find (?:all|more) posts by .{1,40}|view (?:public |full )?profile|"
       r"send (?:a )?private message)$",
       "a forum's badges, counters and sort menu around each post (XenForo, Discourse, NodeBB, phpBB)"),
    _f("consent_choices", r"^(?:we and our partners process data to provide:?|object to legitimate interests remove objection|"
       r"(?:functional functional|preferences preferences|statistics statistics|marketing marketing)(?: always active)?|manage consent|"
       r"do not sell(?: or share)? my personal information|the technical storage or access (?:is|that is) .{0,300})$",
       "a consent manager's purposes, toggles and links (IAB TCF dialogs, Complianz)"),
    _f("ui_toggles", r"^(?:toggle|expand|collapse|show hide|collapsed expand all|expand all|collapse all|"
       r"was this (?:page|article) helpful\??|about these ads|jump to comments|back to blog)$",
       "a page's toggles, its feedback prompt and its jump links, printed as words"),
    _f("form_buttons", r"^(?:submit|add to (?:cart|bag|basket)|view all)$",
       "a form's or a shop's button, and a list's link to the rest of it, printed as a line of their own"),
    _p("newsletter", Role.DROP, r"^(?:subscribe|sign up|join)(?: now)?(?: to| for)? (?:our|the) (?:free )?(?:daily |weekly )?newsletter\b.{0,200}$",
       "newsletter sign-up box"),
    _p("shop_promo", Role.DROP, r"^.{0,160}\b(?:visit|check out|shop|browse) our (?:online )?(?:shop|store|merch)\b.{0,160}$",
       "the site advertising its own shop or merchandise under a post", max_len=320),
    _p("inbox_prompt", Role.DROP, r"^.{0,80}\b(?:delivered|sent) (?:directly |straight )?to your inbox\b.{0,160}$",
       "a prompt to get the site's posts by e-mail", max_len=240),
    _p("akismet", Role.DROP, r"^this site uses akismet to reduce spam\b.{0,120}$",
       "WordPress's anti-spam plugin notice under the comment form"),
    _p("form_honeypot", Role.DROP, r"^(?:this field is for validation purposes and should be left unchanged|"
       r"this field is hidden when viewing the form|Δ)\.?$",
       "a form's hidden fields as a dump prints them (Gravity Forms' notes, Akismet's 'Δ')"),
    _p("file_download", Role.DROP, r"^download (?:pdf|file|attachment|document)\b.{0,40}?\b\d+(?:[.,]\d+)?\s?[kmg]b$",
       "a file's download link with its size, as an embedded document prints it"),
    # A consent manager's dialog is printed whole by a text dump and kept by a reader that sees prose:
    # its opening sentence, its categories, its cookie table and its buttons are separate rows (on the
    # corpus's dumps 538 such lines, 2 of them in a gold text, both on one page).
    _p("cookie_banner", Role.DROP, r"^(?:we(?: \(?(?:and|along with) (?:our|selected|named)? ?.{0,60}?\)?)?,? (?:use|store|and .{0,40}? use)|"
       r"this (?:web)?site uses|our (?:web)?site uses|(?:in order )?to (?:give|provide|offer) you (?:with )?the best(?: possible)?"
       r"(?: online| browsing| shopping)? experiences?,? (?:we|this site) uses?|with (?:your consent|our cookies),? we|do you mind if we use|"
       r"we don'?t use a lot of|we value your privacy)\b.{0,300}?\b(?:cookies?|tracking technolog(?:y|ies)|personal data)\b.{0,400}$",
       "a consent dialog's opening: the site (and its partners) use cookies or store data", max_len=800),
    _p("cookie_category", Role.DROP, r"^(?:(?:strictly )?necessary|functional|analytic(?:al|s)?|performance|advertisement|marketing|targeting|"
       r"optional|preferences?)(?:/\w+)? cookies?(?: (?:are|should|help|allow|is|and)\b.{0,500})?$",
       "a consent dialog's category, alone or with its description ('Necessary cookies are required to...')", max_len=600),
    _p("cookie_these", Role.DROP, r"^(?:these|any) (?:cookies|technologies) (?:are (?:strictly )?necessary|allow us|help us|are used|may be set|"
       r"that may not|do not store|collect|are required|enable)\b.{0,500}$",
       "a consent category's description that names it 'these cookies'", max_len=600),
    _p("cookie_table", Role.DROP, r"^[\w*.-]{2,60} (?:\d+ (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)(?: \d+ \w+){0,3}|"
       r"never|session|persistent|past) .{0,80}\bcookies?\b.{0,300}$",
       "a row of a consent plugin's cookie table: name, lifetime, what it stores ('_ga 2 years Google Analytics sets this cookie')",
       max_len=500),
    _p("cookie_button", Role.DROP, r"^(?:no cookies to display|always active|customi[sz]e consent preferences|manage (?:cookie|consent) preferences|"
       r"cookie (?:settings|preferences)|(?:accept|allow|reject) all(?: cookies)?|reject non-essential(?: cookies)?|save (?:my )?preferences|"
       r"accept cookies)\.?$",
       "a consent dialog's buttons and empty-category notes"),
    # The same dialogs on German sites, where a pay-or-consent wall ("PUR-Abo", contentpass) stands in
    # front of every article a crawl without consent cookies fetches: printed whole, its prose reads as
    # an article, so a wall alone would become one. Its opening, its consent statement, its purposes
    # (each "Label: explanation"), its subscription offer and its buttons.
    _p("cookie_banner_de", Role.DROP, r"^(?:wir(?: und unsere (?:\d+ )?partner)? (?:verwenden|nutzen|setzen|speichern)|"
       r"(?:diese|unsere) (?:web)?(?:seite|site) (?:verwendet|nutzt|setzt)|besuchen sie (?:unsere|die) (?:web)?(?:seite|site))\b.{0,300}?"
       r"\b(?:cookies?|tracking|werbetracking|personenbezogene)\b.{0,600}$",
       "a German consent dialog's opening ('Wir verwenden Cookies ...', 'Besuchen Sie unsere Website mit ... Werbetracking')",
       max_len=1000),
    _p("cookie_consent_de", Role.DROP, r"^(?:einwilligung:\s*)?durch (?:das )?klicken (?:des|der|auf)\b.{0,160}?"
       r"(?:akzeptieren|zustimmen|einverstanden).{0,900}$",
       "a German consent dialog's statement of what the button agrees to ('Durch das Klicken des ... stimmen Sie ... zu')",
       max_len=1200),
    _p("cookie_purpose_de", Role.DROP, r"^(?:tracking durch dritte|externe inhalte|personalisierte werbung|"
       r"notwendige cookies|speichern von oder zugriff auf informationen auf einem endger[äa]t):\s.{0,900}$",
       "a German consent dialog's purpose with its explanation ('Tracking durch Dritte: Zur Finanzierung ...')",
       max_len=1200),
    _p("cookie_offer_de", Role.DROP, r"^nutzen sie unser (?:web-?)?angebot ohne (?:werbe)?tracking\b.{0,400}$",
       "a pay-or-consent wall's subscription offer ('Nutzen Sie unser Angebot ohne Werbetracking ... für 4,99 Euro/Monat')",
       max_len=600),
    _p("cookie_button_de", Role.DROP, r"^(?:weiter mit (?:dem )?pur-abo|weiter mit (?:werbung|tracking durch dritte)|"
       r"(?:zum angebot )?bereits pur-abonnent\? hier anmelden|(?:akzeptieren|zustimmen) und weiter|alle (?:akzeptieren|ablehnen)|"
       r"einstellungen (?:verwalten|anpassen)|nur notwendige cookies(?: akzeptieren)?)\.?$",
       "a German consent dialog's buttons ('Akzeptieren und weiter', 'Weiter mit dem PUR-Abo')"),
    # A consent notice's opening in French, Italian, Spanish, Portuguese and Dutch (the corpus's
    # dumps print an Italian theme's, Le Monde's and Blogger's own: "Deze site gebruikt cookies van Google").
    _p("cookie_banner_intl", Role.DROP, r"^(?:en poursuivant votre navigation|nous utilisons|ce site (?:web )?utilise|"
       r"utilizziamo|questo sito (?:web )?(?:utilizza|usa)|utilizamos|usamos|este sitio (?:web )?utiliza|este site (?:utiliza|usa)|"
       r"deze (?:web)?site gebruikt|wij gebruiken)\b.{0,300}?\bcookies?\b.{0,500}$",
       "a consent notice's opening in French, Italian, Spanish, Portuguese or Dutch ('Utilizziamo i cookie ...')",
       max_len=900),
    _p("ad_break", Role.DROP, r"^(?:(?:the )?(?:story|article) continues(?: below)?(?: (?:this )?(?:advertisement|ad))?|"
       r"continue reading the main story|advertisement\s*[-–—]\s*(?:continue|scroll) (?:reading|to continue)(?: below)?)\W*$",
       "the label of an ad slot set inside the body ('Story continues below advertisement')"),
    _p("blogger_nav", Role.DROP, r"^newer posts?\s+older posts?(?:\s+home)?$",
       "Blogger's links to the neighbouring posts under every post ('Newer Post Older Post Home')"),
    _p("quote_expand", Role.DROP, r"^click to (?:expand|shrink)(?:\.{3}|…)$",
       "a forum's button under a long quoted reply (XenForo's 'Click to expand...')"),
    _p("read_more", Role.DROP, r"^(?:read more|read more »|read full (?:story|article)|more »|loading\.\.\.)$",
       "teaser link labels with no source named"),
    _p("tags_line", Role.DROP, r"^(?:tags|filed under|categories|topics)\s?:\s.{0,200}$",
       "taxonomy lines under a post"),
    _p("read_also_link", Role.DROP, r"^(?:read more|read also|also read|see also|related|more|must read|recommended|leggi anche|lesen sie auch|lire aussi|leia também|lee también|lea también)\s*(?::|>>|»|\||-)\s*\S.{3,200}$",
       "a link to another article set inline in the body ('READ MORE: <headline>')", max_len=240),
    _p("read_also_glued", Role.DROP, r"^(?:Also Read|ALSO READ|Read Also|READ ALSO)\s+[A-Z0-9\"“‘'].{3,600}$",
       "the same link with its separator lost in the dump ('Also Read India seized...'): the label's own "
       "capitals, so a sentence's 'Also read the...' stays", flags=0, max_len=700),
    _p("read_also_label", Role.DROP, r"^(?:read also|also read|see also|must read|leggi anche|lesen sie auch|lire aussi|leia também|lee también|lea también)\s*:?$",
       "label above an inline link to another article"),
    _p("comment_prompt", Role.DROP, r"^(?:tell us what you think|what do you think\?|join the (?:discussion|conversation)|have your say)\W*$",
       "invitation to the comment section"),
    _p("comments_closed", Role.DROP, r"^sorry,? (?:we are|we're) not (?:currently )?accepting comments on this (?:article|story|post)\W*$",
       "a comment widget's notice that comments are closed"),
    _p("comment_label", Role.DROP, r"^(?:leave a (?:reply|comment)|post a comment|add a comment|comments?)\s*:\s*$",
       "comment widget heading written with a colon"),
    _p("source_link", Role.NOTE, r"^(?:source|original) link\W*(?P<url>https?://\S+)?$",
       "link back to the copied article that auto-import plugins add under every post: its URL is the source's"),
    _p("back_to_top", Role.DROP, r"^(?:back to top|top of page|go to top|scroll to top)(?: button)?\W*$",
       "button that scrolls back to the page top"),
    _f("footer_links", rf"^(?=[^|·•–-]{{1,60}}{LINK_SEP})(?=(?:.*?(?:^|{LINK_SEP}){LEGAL_LINK}\W?(?={LINK_SEP}|\s*[|·•-]?$)){{2}})"
       rf"(?:{LINK_TEXT}{LINK_SEP}){{3,}}(?:(?!{LINK_SEP}).){{0,200}}$",
       "a row of four or more links, two of them to the site's legal, contact or about pages "
       "('About Us | Contact Us | Privacy Policy | Terms of Use'): the site's footer or top menu"),
    _p("skip_link", Role.DROP, r"^(?:press \W?enter\W? to )?(?:skip to (?:the )?(?:main )?(?:content|navigation|search)|jump to (?:navigation|content))\W*$",
       "accessibility link at the page top"),
    _p("share_prompt", Role.DROP, r"^(?:please )?share (?:this|the) (?:post|article|story|page)(?: with (?:your|a) friends?)?\W*$",
       "invitation to share the post"),
    _p("pdf_print", Role.DROP, r"^(?:(?:download|save as|export to) pdf|print(?: this)? (?:article|page|story))(?:\s*[|/]?\s*(?:(?:download|save as) pdf|print(?: this)? (?:article|page|story)))*\W*$",
       "download-as-PDF and print buttons"),
    _p("gallery_counter", Role.DROP, r"^(?:(?:image|photo|picture|slide)\s+)?\d{1,3}\s*(?:of|/)\s*/?\s*\d{1,3}$",
       "position label of a photo gallery ('Image 1 of 8', '1 / 8')"),
    _p("gallery_nav", Role.DROP, r"^(?:back to gallery|view (?:photo )?gallery|open gallery|launch gallery|enlarge this image|hide caption|toggle caption|"
       r"view larger (?:image|photo|picture)|click (?:photo|image|picture) to enlarge)$",
       "photo gallery buttons"),
    _p("comment_form_prompt", Role.DROP, r"^please enter your (?:comment|name|email(?: address)?|website)(?: here)?\W*$",
       "the placeholder prompts of a theme's comment form ('Please enter your comment!')"),
    _p("paywall_prompt", Role.DROP, r"^(?:keep reading for free|or,? subscribe (?:now|today) (?:to|for) (?:get )?full access|"
       r"already a subscriber\??(?: (?:log|sign) in(?: here)?)?|get instant access to the rest of this article\b.{0,200})\W*$",
       "a paywall's or registration wall's prompts printed where the article is cut"),
    _p("embed_placeholder", Role.DROP, r"^(?:(?:youtube|vimeo|twitter|x|instagram|facebook|tiktok) (?:video|post|embed)|video player(?: cover)? image)$",
       "the label a dump keeps of an embedded video or post it could not render"),
    _p("likes_label", Role.DROP, r"^(?:users|people|members) who (?:have )?liked this (?:post|article)\s*:?$",
       "a community theme's likes box under a post"),
    _p("more_on", Role.DROP, r"^more on\s*:$", "the heading of a topic-link list under a post ('More on:')"),
    _p("also_watch", Role.DROP, r"^you (?:may|might) also (?:like|want) to (?:watch|read)\s*:.{0,200}$",
       "a related-video teaser line ('You may also like to watch : ...')"),
    _p("feed_notice", Role.DROP, r"^\(?(?:except for the headline,?\s+)?this (?:story|article|report) has not been edited by .{1,60}? "
       r"and is (?:(?:auto-?)?generated|published) from an? (?:syndicated|agency|wire) feed\.?\)?$",
       "an aggregator's notice that a post is an unedited syndicated feed item"),
    _p("editorial_process_note", Role.DROP, r"^this (?:article|story|report) was (?:independently )?(?:developed|produced|prepared|written|compiled) "
       r"by (?:the )?.{1,60}? (?:editorial|news|content) (?:team|desk|staff)\b.{0,300}$",
       "a site's note on how its team made the post, printed above or under the body"),
    _p("entry_footer", Role.DROP, r"^this (?:entry|post) was (?:posted|filed) (?:in|under|on) .{1,200}?(?:bookmark the permalink|permalink)\W*$",
       "WordPress's footer under a post ('This entry was posted in X. Bookmark the permalink.'): its categories are read as such"),
    _p("reading_time", Role.DROP, r"^(?:(?:(?:estimated )?reading time|read time|time to read)\s*:?\s*[<~≈]?\s*\d+\s*(?:min(?:ute)?s?|m)\.?|\d+ min(?:ute)?s? read)$",
       "a theme's reading-time estimate ('Reading Time: < 1 minute', '5 min read') printed above the post"),
    _p("shortcode", Role.DROP, rf"^(?:{SHORTCODE_TAG}\s*)+$",
       "WordPress / page-builder shortcodes a theme failed to render ([vc_row], [/vc_column], [yt_dropcap type=...])",
       flags=0),
    _p("cut_trail", Role.DROP, rf"^Home(?:{GLUED_CRUMB}){{1,3}}[A-Z0-9\"'‘“]\S*\s.{{5,300}}?(?:\.\.\.|…)$",
       "a breadcrumb trail whose links lost their separators, ending in the headline cut short "
       "('HomeNationalUS-China talks resume over ...'): a trail above the headline, not a sentence", flags=0),
    _p("image_placeholder", Role.DROP, r"^(?:spot_img\s*)+$",
       "a theme's image placeholder text (tagDiv's 'spot_img') printed where an image or ad slot was", flags=0),
    _p("vote_counter", Role.DROP, r"^\d{1,5}\+$",
       "a post's or comment's like counter ('5+', '1+') that a dump prints on a line of its own", flags=0),
    _p("click_here_prompt", Role.DROP, r"^.{8,160}[.?!]\s*click here\W*$",
       "a prompt sentence, then its button's label ('Do you want the best Odds? Click Here'): an ad or a "
       "site's link (a sentence that only ends in 'click here' stays)", max_len=180),
    _p("template_placeholder", Role.DROP, r"^\{\{\s*[\w.$-]+\s*\}\}$",
       "an unrendered template expression ('{{ widget.title }}') from a script that never ran", flags=0),
    _p("cms_embed_token", Role.DROP, r"^\[\[[a-z_]+:[^\]\s]{1,60}\]\]$",
       "a CMS embed token ('[[nid:50599]]') printed instead of the embedded item", flags=0),
    _p("caption_toggle", Role.DROP, r"^.{20,}(?:[.!?”\"]\s+less|(?:\.\.\.|…)\s*more)$",
       "gallery caption printed with its expand / collapse toggle ('... more', '. less')", max_len=400),
    # --- republication notes ----------------------------------------------------------------
    _p("rest_on", Role.NOTE, rf"^(?:read|see) the rest of (?:this|the) {ARTICLE} (?:on|at) {SRC}\.?$",
       "republisher shows an excerpt and names the outlet carrying the rest", truncated=True),
    _p("rest_here", Role.NOTE, rf"^(?:read|see) the rest of (?:this|the) {ARTICLE} here\b.*$",
       "excerpt with a link back; the outlet is named elsewhere (blurb or link)", truncated=True),
    _p("republished_rest", Role.NOTE, rf"^this {ARTICLE} (?:is|was) (?:republished|reproduced|reprinted|syndicated|adapted) from {SRC}\.\s*(?:read|see|continue reading) the (?:rest|remainder) of the (?:original )?{ARTICLE}\b.*$",
       "republication credit followed by a pointer to the rest", truncated=True),
    _p("republished_from", Role.NOTE, rf"^this {ARTICLE} (?:is|was|has been) (?:republished|reproduced|reprinted|syndicated|adapted) (?:with permission )?from {SRC}(?: under .{{0,80}})?\.?$",
       "full republication with credit"),
    _p("republished_short", Role.NOTE, rf"^(?:republished|reprinted|reproduced) (?:with permission )?(?:from|courtesy of) {SRC}\.?$",
       "short republication credit"),
    _p("continue_on", Role.NOTE, rf"^continue reading (?:this {ARTICLE} )?(?:on|at) {SRC}\.?$",
       "excerpt whose rest is on the source outlet", truncated=True),
    _p("read_full_on", Role.NOTE, rf"^read the (?:full|original|complete|entire) {ARTICLE} (?:on|at) {SRC}\.?$",
       "excerpt with a pointer to the full article", truncated=True),
    _p("appeared_first", Role.NOTE, rf"^the {ARTICLE} .{{1,300}} appeared first on {SRC}\.?$",
       "RSS-syndication footer added by WordPress feeds", max_len=500),
    _p("originally_published", Role.NOTE, rf"^this {ARTICLE} (?:was |is )?(?:first|originally) (?:appeared|published|posted) (?:on|in|at|by) {SRC}(?: on .{{0,40}})?\.?$",
       "credit naming the first publisher"),
    _p("learn_more_at", Role.NOTE, r"^(?:Learn|Read|Find out) more about .{3,150} (?:at|on) (?P<source>[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})\.?$",
       "a closing pointer to the outlet the article came from ('Learn more about X at Politico.')", flags=0,
       tail_only=True),
    _p("according_to", Role.NOTE, r"^According to (?P<source>[A-Z][\w&'’.-]*(?: (?:[A-Z][\w&'’.-]*|of|the|and|for)){0,5})\.?$",
       "a credit line naming the outlet alone ('According to Live Science'); capitalised words only, so a "
       "sentence's 'According to the police, ...' stays", flags=0),
    _p("source_label", Role.NOTE, rf"^(?:source|via|courtesy(?: of)?)\s*:\s*{SRC}\.?$",
       "one-line source credit", max_len=100, tail_only=True),
    _p("source_url", Role.NOTE, r"^(?:source|via|original(?:ly published)?(?: (?:at|on))?)\s*:\s*(?P<url>https?://\S+)$",
       "a source credit that is the copied article's address", max_len=300),
    # --- publisher blurbs --------------------------------------------------------------------
    _p("disclaimer", Role.BLURB, r"^disclaimer\s*[:\-–—]\s*\S.{9,600}$",
       "the publisher's disclaimer under (or over) a post (views, accuracy, a source's stance)", max_len=700,
       head_too=True),
    _p("blurb_produced", Role.BLURB, rf"^{SRC}(?: \([A-Z]{{2,}}\))? (?:is|are) (?:written|published|produced|edited)(?: and (?:produced|published|edited))? by\b.*$",
       "publisher self-description under republished posts", max_len=1200),
    _p("blurb_established", Role.BLURB, rf"^{SRC}(?: \([A-Z]{{2,}}\))? (?:was|were) (?:established|founded|launched|created|set up)(?: in \d{{4}})? to\b.*$",
       "fact-check / newsroom mission statement under every post", max_len=1200),
    _p("blurb_follow", Role.BLURB, r"^.{0,300}\b(?:you can (?:also )?follow us on|follow us on|like us on) (?:facebook|twitter|instagram|x|linkedin|telegram)\b.*$",
       "a closing line asking readers to follow the outlet", max_len=600),
    # --- bylines, credits, captions ----------------------------------------------------------
    _p("byline", Role.BYLINE, rf"^(?:(?:authors?(?!\s+(?:{AUTHOR_HEADINGS})\b)|written by|words by|by)\s*:?\s+|(?:{AUTHOR_LABELS})\s*[:：]\s*)(?P<names>.{{3,200}})$",
       "author line: names, each optionally followed by an affiliation", max_len=220),
    _p("credits", Role.CREDIT, r"^(?:(?:translated|edited|copy-?edited|reported|fact-?checked|compiled|produced|additional reporting|reporting|research|graphics|illustrations?|video) by|(?:translation|editing|reporting) *:)\s+\S.*$",
       "who translated, edited or reported the piece", max_len=300),
    _p("caption_credit", Role.CAPTION, r"^.{10,}\((?:[^()]*\b(?:photos?|images?|pictures?|screenshots?|file|credit|illustration|graphic|video|footage)\b[^()]*|(?:AP|AFP|Reuters|Getty|EPA|Xinhua|Bloomberg)\b[^()]*)[:/][^()]*\)\.?$",
       "a photo caption ends with its credit in brackets: (Photo: Reuters), (Screenshots / X)", max_len=600),
    _p("photo_credit_line", Role.CAPTION, r"^(?:(?:photo|image|picture|illustration|file photo|fotos?|bild|imagen|immagine|fotograf[ií]a)(?: credits?)?|credits?)\s*[:/]\s*.{2,120}$",
       "a bare photo credit line ('Photo: X', 'Foto: EFE - X', 'Bild: X', 'Credit: Reviewed / Hisense')", max_len=140),
    _p("caption_agency", Role.CAPTION, r"^.{20,}(?:\(\s*[^()]{2,60}\s*/\s*(?:AP|AFP|Reuters|Getty(?: Images)?|EPA|Xinhua|Bloomberg|Shutterstock|iStock|Alamy)\s*\)|\s(?:[A-Z][\w.'-]+ ){1,3}[A-Z][\w.'-]+\s*/\s*(?:Getty(?: Images)?|Reuters|AFP|AP|EPA|Shutterstock|iStock|Alamy))\.?$",
       "a photo caption ending in 'Photographer/Agency', in brackets or not", max_len=400, flags=0),
    _p("photo_by", Role.CAPTION, r"^(?:photo|photograph|image|picture|illustration)s? (?:by|courtesy of|courtesy)\s*:?\s+\S.{1,100}$",
       "a photo credit line in words ('Photo by X/Getty Images')", max_len=140),
)



@dataclass(frozen=True)
class InlineMarkup:
    """Markup to take out of a paragraph while keeping the words around it."""

    name: str
    regex: re.Pattern[str]
    repl: str
    reason: str


_TAG_WITH_ATTRS = rf"\[{SHORTCODE_NAME}(?:{SHORTCODE_ATTR})+\s*/?\]"
_CLOSING_TAG = rf"\[/{SHORTCODE_NAME}\]"
_BUILDER_TAG = r"\[[a-z][a-z0-9]*_[a-z0-9_]*\]"  # "[vc_column_text]", "[et_pb_text]": page-builder names have "_"
# Applied in this order by rules.clean_line. A shortcode mentioned in prose ("wrap [dropcap] and
# [/dropcap] around the word") has spaces around it and no attributes, and stays.
INLINE_MARKUP: tuple[InlineMarkup, ...] = (
    InlineMarkup("shortcode_wrap", re.compile(rf"\[({SHORTCODE_NAME})(?:{SHORTCODE_ATTR})*\s*\](?=\S)(.{{1,400}}?)\[/\1\]"),
                 r"\2", "a shortcode wrapped around text ('[dropcap]T[/dropcap]he') leaves the text"),
    InlineMarkup("shortcode_run", re.compile(rf"(?:{SHORTCODE_TAG}){{2,}}"), " ",
                 "adjacent shortcode tags ('[/vc_column][vc_column_text]') are page-builder markup, never prose"),
    InlineMarkup("shortcode_lead", re.compile(rf"^\s*(?:{_TAG_WITH_ATTRS}|{_CLOSING_TAG}|{_BUILDER_TAG})\s*"), "",
                 "a shortcode with attributes, a closing tag or a page-builder tag opening a paragraph"),
    InlineMarkup("shortcode_tail", re.compile(rf"(?<=\S)(?:{_CLOSING_TAG})+\s*$"), "",
                 "closing tags glued to a paragraph's last word"),
)


def strip_markup(text: str) -> str:
    """`text` without the INLINE_MARKUP rows; unchanged when nothing else would be left (a paragraph
    of markup only is the shortcode row's to drop, so that it is seen and counted as chrome)."""
    if "[" not in text:
        return text
    out = text
    for row in INLINE_MARKUP:
        out = row.regex.sub(row.repl, out)
    return out if out.strip() else text


BY_ROLE: dict[Role, tuple[Pattern, ...]] = {
    role: tuple(p for p in PATTERNS if p.role is role) for role in Role
}

# A paragraph of page chrome or a note must never reach `text`; these roles say so.
CHROME_ROLES = (Role.DROP, Role.SEPARATOR, Role.NOTE, Role.BLURB)


def match(paragraph: str, roles: tuple[Role, ...] | None = None) -> tuple[Pattern, re.Match[str]] | None:
    """First pattern (in table order) that matches the whole paragraph."""
    para = " ".join(paragraph.split())
    if not para:
        return None
    screen = _screen(tuple(roles) if roles is not None else None)
    if screen is not None and not screen.maybe(para):
        return None
    for pat in PATTERNS:
        if roles is not None and pat.role not in roles:
            continue
        if len(para) > pat.max_len:
            continue
        m = pat.regex.search(para)
        if m:
            return pat, m
    return None


@dataclass(frozen=True)
class Screen:
    """All rows of some roles as two regexes: a paragraph neither matches has no row (most body
    paragraphs); one that does goes through the rows in order, so the answer is the table's own.
    (One call instead of a search per row: the rules were a tenth of the HTML path's time.)"""

    longest: int  # no row looks at a longer paragraph
    anchored: re.Pattern[str] | None  # the rows that start with '^', tried at the start only
    loose: re.Pattern[str] | None  # the others, searched

    def maybe(self, para: str) -> bool:
        return len(para) <= self.longest and bool(
            (self.anchored is not None and self.anchored.match(para)) or (self.loose is not None and self.loose.search(para)))


_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_ANY_LEAD = re.compile(r"\^\.\{\d*,\d*\}")  # "^.{20,}", "^.{0,300}": any characters first


@lru_cache(maxsize=32)
def _screen(roles: tuple[Role, ...] | None) -> Screen | None:
    """The screen for `roles`; None when a row cannot be merged (a backreference, a flag other
    than IGNORECASE), and then every row is tried as before."""
    anchored, loose = [], []
    rows = [p for p in PATTERNS if roles is None or p.role in roles]
    for pat in rows:
        source, flags = pat.regex.pattern, pat.regex.flags & ~re.UNICODE
        if "(?P=" in source or re.search(r"\\\d", source) or flags & ~re.IGNORECASE:
            return None
        inner = _GROUP_NAME.sub("(?:", source)
        # A row "^.{10,}X$" merged into the anchored alternation runs to the end of every paragraph
        # and backs off one character at a time; searched as "X$" it is looked for where X can
        # start. The screen may say "maybe" more often, never less: the row itself decides.
        if (lead := _ANY_LEAD.match(inner)) is not None:
            inner = inner[lead.end():]
        (anchored if inner.startswith("^") else loose).append(f"(?i:{inner})" if flags else f"(?:{inner})")
    try:
        return Screen(max((p.max_len for p in rows), default=0),
                      re.compile("|".join(anchored)) if anchored else None,
                      re.compile("|".join(loose)) if loose else None)
    except re.error:
        return None


def chrome_hits(text: str) -> list[str]:
    """Names of chrome patterns found in any paragraph of `text` (empty when clean)."""
    hits = []
    for para in re.split(r"\n\s*\n", text or ""):
        found = match(para, CHROME_ROLES)
        if found:
            hits.append(found[0].name)
    return hits


# Share and follow buttons, and the site's own page links, laid out one to a line ("Pinterest" / "Facebook"
# / "Twitter", "About Us" / "Careers" / "Privacy Policy"): a network's or a page's name alone may be an
# article's word (a list of platforms, a caption's credit, a heading), so a block is a button only in a
# run of two or more such blocks with a network or two of the site's pages among them (`button_rows`);
# `share_buttons` and `footer_links` above take them printed on one line.
_BUTTON_WORDS = re.compile(r"[\W_]+")
_PAGE_LINK = re.compile(rf"^{LEGAL_LINK}$", re.IGNORECASE)


def _button(text: str) -> str | None:
    """'network', 'tool' or 'page' for a block that is one share button or one link to a site page."""
    if len(text) > 40:
        return None
    name = _BUTTON_WORDS.sub(" ", text.casefold()).strip()
    if name in SHARE_NETWORKS:
        return "network"
    if name in SHARE_TOOLS:
        return "tool"
    return "page" if _PAGE_LINK.match(name) else None


def button_rows(texts: list[str]) -> set[int]:
    """Indices of the blocks that are buttons or page links printed one to a line (see SHARE_NETWORKS)."""
    rows: set[int] = set()
    run: list[str] = []
    for i, text in enumerate([*texts, ""]):
        if (kind := _button(text)) is not None:
            run.append(kind)
            continue
        if len(run) >= 2 and ("network" in run or run.count("page") >= 2):
            rows.update(range(i - len(run), i))
        run = []
    return rows

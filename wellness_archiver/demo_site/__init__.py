"""A local fixture web: six realistic wellness blogs on six blog platforms.

Served on 127.0.0.1 (ports chosen at run time) by ``server.py``; used by the
test suite and by ``wellness-archiver demo``. It ships inside the package
because ``demo`` must work from a fresh install with no network.

Content lives in ``content/<site>.json`` (one file per site). Each post there
is also its *gold record*: what a correct extraction must produce.

content/<site>.json
-------------------
{
  "site": {
    "key": "wordpress",            # also the file name
    "platform": "wordpress",       # wix | custom | wordpress | squarespace | blogger | ghost
    "name": "Mindful Path Therapy", # site name (og:site_name etc.)
    "tagline": "...",
    "language": "en",
    "description": "..."
  },
  "pages": {                        # standalone pages: not articles
    "about":   {"title": "About", "blocks": [...]},
    "contact": {"title": "Contact", "blocks": [...]}
  },
  "posts": [
    {
      "slug": "healing-within-a-relationship",
      "title": "Healing within a Relationship",
      "author": "Rachael King",
      "published": "2023-01-30",      # ISO date, the publish date
      "updated": "2023-02-08",        # or null
      "tags": ["therapy", "attachment"],  # in display order
      "description": "one-sentence summary",
      "image": {"alt": "a felt heart broken with stitches", "caption": null},  # or null
      "blocks": [                     # the article body, in order
        ["h2", "What We Know"],
        ["p", "Paragraph text ..."],
        ["quote", "Quoted text ..."],
        ["ul", ["item one", "item two"]],
        ["ol", ["step one", "step two"]],
        ["figure", {"alt": "...", "caption": "..."}]
      ],
      "comments": [{"author": "Dana", "date": "2023-02-10", "text": "..."}]
    }
  ]
}

Gold text of a post (``gold.gold_text``): one line per block, in order;
headings, paragraphs and quotes as their plain text; each list item as its own
line prefixed "- "; figures, images, alt text and captions are NOT part of the
text; the title is NOT part of the text (it is metadata); comments are NOT part
of the text.
"""

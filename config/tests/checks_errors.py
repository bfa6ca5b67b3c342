"""The GOV.UK error pattern, checked on the page shown after a form was sent empty
(a FORM_ERROR_CHECKS entry of page_checks.py).

When the page shows an error, it must have an error summary at the top of the main
content that has the focus, "Error: " before its title, summary links that reach
their fields, and messages that say what to do rather than Django's generic ones.
A form sent empty that was accepted shows no error, and is not checked.
"""

# Django's own words, which say that something is wrong but not what to enter.
GENERIC = ("This field is required.", "Enter a valid date.", "Select a valid choice.")

# Run in the page: what a person sees and where the focus is.
READ_PAGE = """() => {
  const main = document.querySelector('main');
  if (!main) return null;
  const shown = main.querySelectorAll(
    '.invalid-feedback, .errorlist, [aria-invalid=true], .error-summary');
  const summary = main.querySelector('.error-summary');
  const firsts = [...main.querySelectorAll('h1, form')];
  const text = el => el.textContent.replace(/\\s+/g, ' ').trim().replace(/^Error: /, '');
  return {
    errors: shown.length > 0,
    title: document.title,
    summary: !!summary,
    atTop: !!summary && firsts.every(
      el => summary.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
    focused: !!summary && summary.contains(document.activeElement),
    missing: summary ? [...summary.querySelectorAll('a')]
      .map(a => a.getAttribute('href'))
      .filter(href => !href.startsWith('#') || !document.getElementById(href.slice(1))) : [],
    // Each message with the field it is about, where the summary links to one.
    messages: [...main.querySelectorAll(
      '.invalid-feedback p, .invalid-feedback span:not(.visually-hidden), .errorlist li, ' +
      '.error-summary li, .alert-danger')]
      .map(el => [text(el), el.querySelector('a') ? el.querySelector('a').getAttribute('href') : '']),
  };
}"""


def has_error_pattern(page) -> list[str]:
    seen = page.evaluate(READ_PAGE)
    if not seen or not seen["errors"]:
        return []
    if not seen["summary"]:
        return ["errors are shown without an error summary (“There is a problem”)"]
    problems = []
    if not seen["atTop"]:
        problems.append("the error summary is not at the top of the main content")
    if not seen["title"].startswith("Error: "):
        problems.append(f"the title does not start with “Error: ” ({seen['title']})")
    if not seen["focused"]:
        problems.append("focus is not on the error summary when the page opens")
    problems.extend(
        f"the error summary links to {href}, which is not on the page" for href in seen["missing"]
    )
    generic = {
        (words, where)
        for message, where in seen["messages"]
        for words in GENERIC
        if words in message
    }
    # Said once per message and field: the summary and the field repeat it.
    fields = {words for words, where in generic if where}
    problems.extend(
        f"a generic message: “{words}”{f' ({where})' if where else ''}"
        for words, where in sorted(generic)
        if where or words not in fields
    )
    return problems

using System.Text;
using System.Text.Encodings.Web;

namespace NodeCollector.Web.Status;

/// <summary>
/// Builds the status page. Every value goes through <see cref="Text"/>, which HTML-encodes it; markup comes only
/// from the constant tags of the methods here, so a label value like <c>&lt;script&gt;</c> shows as text.
/// </summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _html = new();

    public HtmlBuilder Text(string value)
    {
        _html.Append(HtmlEncoder.Default.Encode(value));
        return this;
    }

    /// <summary>Markup written as given: call it with constant strings only.</summary>
    public HtmlBuilder Markup(string constant)
    {
        _html.Append(constant);
        return this;
    }

    public HtmlBuilder Element(string tag, string text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _html.Append(" class=\"").Append(HtmlEncoder.Default.Encode(cssClass)).Append('"');
        }

        _html.Append('>');
        Text(text);
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlBuilder Link(string href, string text)
    {
        _html.Append("<a href=\"").Append(HtmlEncoder.Default.Encode(href)).Append("\">");
        Text(text);
        _html.Append("</a>");
        return this;
    }

    public HtmlBuilder TableStart(params string[] headers)
    {
        _html.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            Element("th", header);
        }

        _html.Append("</tr></thead><tbody>\n");
        return this;
    }

    /// <summary>A row of plain cells; a cell of <see cref="Cell"/> carries a CSS class (health colours).</summary>
    public HtmlBuilder Row(params Cell[] cells)
    {
        _html.Append("<tr>");
        foreach (var cell in cells)
        {
            Element("td", cell.Text, cell.CssClass);
        }

        _html.Append("</tr>\n");
        return this;
    }

    public HtmlBuilder TableEnd() => Markup("</tbody></table>\n");

    public HtmlBuilder Empty(string message) => Element("p", message, "empty");

    public override string ToString() => _html.ToString();
}

/// <summary>One table cell: its text and an optional CSS class.</summary>
internal readonly record struct Cell(string Text, string? CssClass = null)
{
    public static implicit operator Cell(string text) => new(text);
}

using System.Globalization;
using System.Text;
using NodeCollector.Labels;

namespace NodeCollector.Export.Loki;

/// <summary>
/// A stream's labels as Loki's push API takes them: <c>{a="1", b="2"}</c>, names sorted, values double-quoted with
/// Go escapes (the PromQL series parser reads them back). Control characters are written as <c>\u00XX</c>.
/// </summary>
internal static class LokiLabelText
{
    public static string Format(LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder(16 * labels.Count + 2).Append('{');
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(labels[i].Name).Append("=\"");
            foreach (var c in labels[i].Value)
            {
                switch (c)
                {
                    case '\\':
                        text.Append("\\\\");
                        break;
                    case '"':
                        text.Append("\\\"");
                        break;
                    case '\n':
                        text.Append("\\n");
                        break;
                    case '\t':
                        text.Append("\\t");
                        break;
                    case '\r':
                        text.Append("\\r");
                        break;
                    case < ' ':
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                    default:
                        text.Append(c);
                        break;
                }
            }

            text.Append('"');
        }

        return text.Append('}').ToString();
    }

    public static byte[] Utf8(LabelSet labels) => Encoding.UTF8.GetBytes(Format(labels));
}

using NodeCollector.Config;

namespace NodeCollector.Web.Status;

/// <summary>The effective configuration as YAML, every secret redacted.</summary>
internal sealed class ConfigSection(CollectorConfig config) : IStatusSection
{
    public string Id => "config";

    public string Title => "Configuration";

    public void Render(HtmlBuilder html)
    {
        html.Element("p", "Defaults filled in and environment references expanded; secrets, URL credentials and header values show as " + Redaction.Marker + ".", "note");
        html.Element("pre", ConfigYamlWriter.Write(config));
    }
}

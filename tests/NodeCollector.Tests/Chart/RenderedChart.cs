using NodeCollector.TestSupport;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Tests.Chart;

/// <summary>The chart in <c>daemonset/</c> rendered by the real <c>helm template</c>, parsed into Kubernetes objects.</summary>
internal sealed class RenderedChart
{
    public const string Release = "nc";
    public const string Namespace = "telemetry";

    private RenderedChart(IReadOnlyList<YamlMappingNode> objects)
    {
        Objects = objects;
    }

    public static string ChartDir => Path.Combine(RepoPaths.Root, "daemonset");

    /// <summary>The values file that turns every option on (helm's <c>ci/</c> convention).</summary>
    public static string AllOptionsValues => Path.Combine(ChartDir, "ci", "all-options-values.yaml");

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    /// <summary>Renders with the default values, plus <paramref name="valuesFiles"/> in order.</summary>
    public static async Task<RenderedChart> RenderAsync(params string[] valuesFiles)
    {
        string[] arguments = ["template", Release, ChartDir, "--namespace", Namespace, .. valuesFiles.SelectMany(f => new[] { "--values", f })];
        var (exit, stdout, stderr) = await Helm.RunAsync(arguments);
        Assert.True(exit == 0, $"helm {string.Join(' ', arguments)} exited {exit}:\n{stderr}");
        var stream = new YamlStream();
        stream.Load(new StringReader(stdout));
        return new RenderedChart([.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()]);
    }

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Objects.Where(o => Yaml.Text(o, "kind") == kind);

    public YamlMappingNode Single(string kind) => Assert.Single(OfKind(kind));

    public YamlMappingNode Container => (YamlMappingNode)Assert.Single(Yaml.Seq(Single("DaemonSet"), "spec", "template", "spec", "containers"));

    public YamlMappingNode PodSpec => Yaml.Map(Single("DaemonSet"), "spec", "template", "spec");

    /// <summary>The collector configuration file the ConfigMap carries.</summary>
    public string CollectorConfig =>
        Yaml.Text(Assert.Single(OfKind("ConfigMap"), m => Yaml.Find(m, "data", "config.yaml") is not null), "data", "config.yaml");
}

using YamlDotNet.RepresentationModel;

namespace NodeCollector.Tests.Chart;

/// <summary>Walks parsed YAML by key path; a missing key fails the test naming the path.</summary>
internal static class Yaml
{
    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static YamlNode Get(YamlNode node, params string[] path) =>
        Find(node, path) ?? throw new Xunit.Sdk.XunitException($"no {string.Join('.', path)} in\n{Dump(node)}");

    public static YamlMappingNode Map(YamlNode node, params string[] path) => Assert.IsType<YamlMappingNode>(Get(node, path));

    public static IReadOnlyList<YamlNode> Seq(YamlNode node, params string[] path) => Assert.IsType<YamlSequenceNode>(Get(node, path)).Children.ToList();

    public static string Text(YamlNode node, params string[] path) => Assert.IsType<YamlScalarNode>(Get(node, path)).Value ?? "";

    public static IReadOnlyList<string> Texts(YamlNode node, params string[] path) =>
        [.. Seq(node, path).Select(n => Assert.IsType<YamlScalarNode>(n).Value ?? "")];

    /// <summary>The entry of a list of named objects (containers, volumes, env) with <c>name</c> = <paramref name="name"/>.</summary>
    public static YamlMappingNode Named(IEnumerable<YamlNode> items, string name) =>
        Assert.Single(items.OfType<YamlMappingNode>(), i => Find(i, "name") is YamlScalarNode { Value: var n } && n == name);

    public static string Dump(YamlNode node)
    {
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}

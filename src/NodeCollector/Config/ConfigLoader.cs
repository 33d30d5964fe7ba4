using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NodeCollector.Config;

/// <summary>Loads, binds and validates a configuration file, reporting every problem at once.</summary>
internal static class ConfigLoader
{
    public static ConfigLoadResult LoadFile(string path, Func<string, string?> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ConfigLoadResult.Failed(new ConfigProblem(path, 0, 0, "(file)", "cannot read the configuration file: " + e.Message));
        }

        return Load(text, path, environment);
    }

    public static ConfigLoadResult Load(string yaml, string file, Func<string, string?> environment)
    {
        var problems = new ConfigProblems(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            problems.Add(e.Start, "(syntax)", "invalid YAML: " + (e.InnerException?.Message ?? e.Message));
            return ConfigLoadResult.Failed(problems.Sorted());
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(stream.Documents[1].RootNode.Start, "(document)", "the file must hold one YAML document");
        }

        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        var config = CollectorConfig.Schema.Bind(new ConfigReader(root, "", problems, environment));
        config.Validate(problems);
        if (problems.HasAny)
        {
            return ConfigLoadResult.Failed(problems.Sorted());
        }

        var warnings = problems.Sibling();
        ExposureWarnings.Collect(config, warnings);
        return new ConfigLoadResult(config, []) { Warnings = warnings.Sorted() };
    }
}

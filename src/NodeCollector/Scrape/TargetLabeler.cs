using System.Text;
using NodeCollector.Config;
using NodeCollector.Labels;

namespace NodeCollector.Scrape;

/// <summary>
/// Turns discovered labels into a target the way Prometheus does: add the job's defaults (<c>job</c>,
/// <c>__scheme__</c>, <c>__metrics_path__</c>, <c>__scrape_interval__</c>, <c>__scrape_timeout__</c>,
/// <c>__param_*</c>) where absent, run the job's relabel rules, then drop a target without <c>__address__</c>,
/// read interval and timeout back, default <c>instance</c> to the address and strip every <c>__</c> label.
/// </summary>
internal static class TargetLabeler
{
    public const string Address = "__address__";
    public const string SchemeLabel = "__scheme__";
    public const string MetricsPathLabel = "__metrics_path__";
    public const string IntervalLabel = "__scrape_interval__";
    public const string TimeoutLabel = "__scrape_timeout__";
    public const string ParamPrefix = "__param_";

    /// <summary>
    /// Relabels <paramref name="discovered"/>; returns the target, or null with <paramref name="dropReason"/>
    /// ("" when relabeling dropped it, otherwise why the result is not a valid target).
    /// </summary>
    public static ScrapeTarget? TryBuild(ScrapeJob job, LabelSet discovered, LabelSetBuilder builder, out string dropReason) =>
        TryBuild(job, discovered, builder, out _, out dropReason);

    /// <summary>
    /// As above, also giving the labels relabeling started from (<paramref name="preRelabel"/>: discovery's plus the
    /// job's defaults), which Prometheus shows as a target's <c>discoveredLabels</c>, dropped targets included.
    /// </summary>
    public static ScrapeTarget? TryBuild(ScrapeJob job, LabelSet discovered, LabelSetBuilder builder, out LabelSet preRelabel, out string dropReason)
    {
        builder.Reset(discovered);
        SetIfAbsent(builder, "job", job.Name);
        SetIfAbsent(builder, SchemeLabel, job.Scheme);
        SetIfAbsent(builder, MetricsPathLabel, job.MetricsPath);
        SetIfAbsent(builder, IntervalLabel, PromDuration.Format(job.Interval));
        SetIfAbsent(builder, TimeoutLabel, PromDuration.Format(job.Timeout));
        foreach (var (name, values) in job.Params)
        {
            if (values.Count > 0)
            {
                SetIfAbsent(builder, ParamPrefix + name, values[0]);
            }
        }

        preRelabel = builder.Build();
        if (!RelabelRule.ApplyAll(job.RelabelRules, builder))
        {
            dropReason = "";
            return null;
        }

        var address = builder.Get(Address);
        if (address.Length == 0)
        {
            dropReason = "";
            return null;
        }

        if (!PromDuration.TryParse(builder.Get(IntervalLabel), out var interval) || interval <= TimeSpan.Zero)
        {
            dropReason = $"invalid {IntervalLabel} \"{builder.Get(IntervalLabel)}\"";
            return null;
        }

        if (!PromDuration.TryParse(builder.Get(TimeoutLabel), out var timeout) || timeout <= TimeSpan.Zero || timeout > interval)
        {
            dropReason = $"invalid {TimeoutLabel} \"{builder.Get(TimeoutLabel)}\" for interval {PromDuration.Format(interval)}";
            return null;
        }

        if (!TryBuildUrl(builder, job, address, out var url, out dropReason))
        {
            return null;
        }

        SetIfAbsent(builder, "instance", address);
        var kept = new List<Label>(builder.Count);
        foreach (var label in builder.Snapshot())
        {
            if (!label.Name.StartsWith("__", StringComparison.Ordinal))
            {
                kept.Add(label);
            }
        }

        return new ScrapeTarget(job, discovered, preRelabel, LabelSet.From([.. kept]), url!, interval, timeout);
    }

    private static bool TryBuildUrl(LabelSetBuilder builder, ScrapeJob job, string address, out Uri? url, out string problem)
    {
        var scheme = builder.Get(SchemeLabel);
        if (scheme is not ("http" or "https"))
        {
            url = null;
            problem = $"invalid {SchemeLabel} \"{scheme}\"";
            return false;
        }

        if (address.Contains('/', StringComparison.Ordinal) || address.Contains('?', StringComparison.Ordinal))
        {
            url = null;
            problem = $"{Address} \"{address}\" is not host[:port]";
            return false;
        }

        var text = new StringBuilder().Append(scheme).Append("://").Append(address).Append(builder.Get(MetricsPathLabel));
        var separator = '?';
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in builder.Snapshot())
        {
            if (label.Name.StartsWith(ParamPrefix, StringComparison.Ordinal))
            {
                names.Add(label.Name);
            }
        }

        foreach (var name in names)
        {
            var param = name[ParamPrefix.Length..];
            text.Append(separator).Append(Uri.EscapeDataString(param)).Append('=').Append(Uri.EscapeDataString(builder.Get(name)));
            separator = '&';

            // Further values of a configured param go along unchanged, as Prometheus sends them.
            if (job.Params.TryGetValue(param, out var values))
            {
                for (var i = 1; i < values.Count; i++)
                {
                    text.Append('&').Append(Uri.EscapeDataString(param)).Append('=').Append(Uri.EscapeDataString(values[i]));
                }
            }
        }

        if (!Uri.TryCreate(text.ToString(), UriKind.Absolute, out url))
        {
            problem = $"\"{text}\" is not a valid URL";
            return false;
        }

        problem = "";
        return true;
    }

    private static void SetIfAbsent(LabelSetBuilder builder, string name, string value)
    {
        if (builder.Get(name).Length == 0)
        {
            builder.Set(name, value);
        }
    }
}

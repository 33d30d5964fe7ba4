using NodeCollector.Memory;

namespace NodeCollector.Web.Status;

/// <summary>The memory budget: the cap, and per consumer its share and what it holds now.</summary>
internal sealed class MemorySection(MemoryBudget? budget) : IStatusSection
{
    public string Id => "memory";

    public string Title => "Memory budget";

    public void Render(HtmlBuilder html)
    {
        if (budget is null)
        {
            html.Empty("The memory budget is not running.");
            return;
        }

        html.Element("p", $"limits.memory_budget {StatusFormat.Bytes(budget.TotalBytes)}, in use {StatusFormat.Bytes(budget.UsedBytes)}");
        html.TableStart("consumer", "share", "used");
        foreach (var share in budget.Shares)
        {
            html.Row(
                share.Consumer,
                StatusFormat.Bytes(share.LimitBytes),
                new Cell(StatusFormat.Bytes(share.UsedBytes), share.UsedBytes > share.LimitBytes ? "down" : null));
        }

        html.TableEnd();
    }
}

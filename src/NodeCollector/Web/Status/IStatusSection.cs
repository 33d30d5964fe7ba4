namespace NodeCollector.Web.Status;

/// <summary>One section of the status page: a model taken from one source when the page is requested, and its HTML.</summary>
internal interface IStatusSection
{
    /// <summary>The anchor of the section (<c>#pods</c>), also its id for tests and links.</summary>
    string Id { get; }

    string Title { get; }

    void Render(HtmlBuilder html);
}

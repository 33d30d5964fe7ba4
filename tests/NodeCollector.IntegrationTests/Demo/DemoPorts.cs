namespace NodeCollector.IntegrationTests.Demo;

/// <summary>
/// Tests that run the demo, which serves the annotated pods' targets on the fixed ports 9102 and 9187: they run one
/// at a time, or the second demo would find the ports taken and its pod targets down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoPorts
{
    public const string Name = "demo ports";
}

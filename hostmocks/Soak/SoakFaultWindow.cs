namespace HostMocks.Soak;

/// <summary>
/// One injected fault: its name, when it began and ended (Unix ms), what it observed, and for a SIGKILL the
/// collector's self-scrape count read just before the kill (so the reconciliation knows what the WAL must hold).
/// </summary>
internal sealed record SoakFaultWindow(string Name, long StartMs, long EndMs, string Observed = "", double? RoundsBeforeKill = null);

using HostMocks.Demo;
using HostMocks.Kubernetes;
using Microsoft.Playwright;
using NodeCollector.TestSupport;
using Xunit.Abstractions;

namespace NodeCollector.IntegrationTests.Web;

/// <summary>The status page of the demo node as a person sees it: in Debian's Chromium, driven by Playwright.</summary>
[Collection(Demo.DemoPorts.Name)]
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    [ChromiumDemoFact]
    public async Task The_demo_node_page_shows_its_pods_targets_and_log_files_without_console_errors()
    {
        // Scrapes run for remote write: without a receiver the demo's targets are never scraped.
        await using var receiver = await RemoteWriteReceiver.StartAsync();
        using var demo = ChildProcess.StartDotnet(
            Path.Combine(AppContext.BaseDirectory, "hostmocks.dll"),
            ["demo", "--listen", "127.0.0.1:0", "--remote-write", receiver.Url, "--interval", "1s"]);
        var home = (await demo.WaitForStdoutAsync(@"^\s+home\s+(http://127\.0\.0\.1:\d+/)$", TimeSpan.FromSeconds(60))).Groups[1].Value;
        using var http = new HttpClient();
        await Poll.UntilAsync(
            async () => (await http.GetAsync(new Uri(home + "api/v1/targets"))).IsSuccessStatusCode
                && (await http.GetStringAsync(new Uri(home + "api/v1/targets"))).Contains("\"health\":\"up\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"a scraped target on the demo node\n{demo.Describe()}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Args = Chromium.Args,
            Headless = true,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => consoleErrors.Add(error);

        await Poll.UntilAsync(
            async () => (await http.GetStringAsync(new Uri(home))).Contains("<td>tailing</td>", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            $"a tailed log file on the demo node's status page\n{demo.Describe()}");
        var response = await page.GotoAsync(home);
        Assert.Equal(200, response!.Status);

        var podNames = DemoPods.Create(DemoConfig.NodeName).Select(p => p.Metadata!.Name!).ToList();
        var podRows = page.Locator("#pods tbody tr");
        Assert.Equal(podNames.Count, await podRows.CountAsync());
        foreach (var name in podNames)
        {
            Assert.Equal(1, await page.Locator("#pods tbody tr td:nth-child(2)", new PageLocatorOptions { HasTextString = name }).CountAsync());
        }

        Assert.True(await page.Locator("#targets tbody tr").CountAsync() >= 3, "host, kubelet and pod targets");
        Assert.True(await page.Locator("#targets td.up").CountAsync() >= 1, "at least one target up");
        Assert.Contains(DemoConfig.NodeName, await page.Locator("#node").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("scrape_configs:", await page.Locator("#config pre").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#remote-write h3 + table tbody tr").First.CountAsync());
        Assert.Equal(1, await page.Locator("a[href='metrics']").CountAsync());
        var files = await page.Locator("#files tbody tr td:first-child").AllInnerTextsAsync();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Matches(@"^[a-z0-9-]+_[a-z0-9-]+_[0-9a-f-]+/[a-z0-9-]+/\d+\.log", file));
        Assert.Contains(podNames, name => files.Any(f => f.Contains("_" + name + "_", StringComparison.Ordinal)));
        Assert.Equal(1, await page.Locator("#loki tbody tr").CountAsync());

        var screenshot = Artifacts.Path("status-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a screenshot with content");
        Assert.Empty(consoleErrors);

        PosixSignal.Send(demo.Id, PosixSignal.SigTerm);
        Assert.True(await demo.WaitForExitAsync(TimeSpan.FromSeconds(10)), demo.Describe());
    }
}

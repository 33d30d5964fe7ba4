using NodeCollector.Kubernetes;

namespace NodeCollector.Tests.Kubernetes;

public sealed class LabelNameSanitizerTests
{
    [Theory]
    [InlineData("app", "app")]
    [InlineData("app.kubernetes.io/name", "app_kubernetes_io_name")]
    [InlineData("prometheus.io/scrape", "prometheus_io_scrape")]
    [InlineData("pod-template-hash", "pod_template_hash")]
    [InlineData("Already_Valid_09", "Already_Valid_09")]
    [InlineData("9starts-with-digit", "9starts_with_digit")]
    [InlineData("ümlaut", "_mlaut")]
    [InlineData("a😀b", "a_b")]
    [InlineData("", "")]
    public void Replaces_each_invalid_code_point_with_one_underscore(string key, string expected) =>
        Assert.Equal(expected, LabelNameSanitizer.Sanitize(key));

    [Fact]
    public void Returns_the_same_instance_when_nothing_changes()
    {
        const string name = "tier";
        Assert.Same(name, LabelNameSanitizer.Sanitize(name));
    }
}

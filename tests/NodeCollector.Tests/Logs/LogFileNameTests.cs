using NodeCollector.Logs;

namespace NodeCollector.Tests.Logs;

public sealed class LogFileNameTests
{
    [Theory]
    [InlineData("0.log", (int)LogFileKind.Live)]
    [InlineData("12.log", (int)LogFileKind.Live)]
    [InlineData("0.log.20240101-120000", (int)LogFileKind.Rotated)]
    [InlineData("0.log.20240101-115959.gz", (int)LogFileKind.Compressed)]
    [InlineData("0.log.20240101-115959.gz.tmp", (int)LogFileKind.Other)]
    [InlineData("0.log.20240101-115959.tmp", (int)LogFileKind.Other)]
    [InlineData("x.log", (int)LogFileKind.Other)]
    [InlineData("0.logs", (int)LogFileKind.Other)]
    [InlineData("notes.txt", (int)LogFileKind.Other)]
    public void Classifies_the_kubelet_file_names(string name, int kind) => Assert.Equal((LogFileKind)kind, LogFileName.Classify(name));

    [Theory]
    [InlineData("shop_shop-api-6d9f7c8b5-qx2lm_0f6b1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b", "shop", "shop-api-6d9f7c8b5-qx2lm", "0f6b1c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("kube-system_etcd-node1_abc", "kube-system", "etcd-node1", "abc")]
    public void Splits_pod_directory_names(string name, string @namespace, string pod, string uid)
    {
        Assert.True(PodLogDirectory.TryParse(name, out var directory));
        Assert.Equal(new PodLogDirectory(@namespace, pod, uid), directory);
    }

    [Theory]
    [InlineData("nounderscores")]
    [InlineData("_pod_uid")]
    [InlineData("ns__uid")]
    [InlineData("ns_pod_")]
    public void Rejects_other_directory_names(string name) => Assert.False(PodLogDirectory.TryParse(name, out _));

    [Fact]
    public void Orders_a_containers_files_oldest_first()
    {
        string[] files =
        [
            "/c/1.log", "/c/0.log", "/c/10.log", "/c/0.log.20240101-120000", "/c/1.log.20240102-000000.gz",
            "/c/0.log.20240101-115959.gz",
        ];
        Array.Sort(files, LogFileName.CompareAge);
        Assert.Equal(
            ["/c/0.log.20240101-115959.gz", "/c/0.log.20240101-120000", "/c/0.log", "/c/1.log.20240102-000000.gz", "/c/1.log", "/c/10.log"],
            files);
    }
}

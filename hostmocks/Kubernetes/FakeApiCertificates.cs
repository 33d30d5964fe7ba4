using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HostMocks.Kubernetes;

/// <summary>
/// A throwaway certificate authority and a serving certificate it signed for <c>127.0.0.1</c>/<c>localhost</c>,
/// made at run time, so that clients verify TLS exactly as against a real API server.
/// </summary>
internal sealed class FakeApiCertificates : IDisposable
{
    private readonly X509Certificate2 _authorityWithKey;

    private FakeApiCertificates(X509Certificate2 authorityWithKey, X509Certificate2 authority, X509Certificate2 server)
    {
        _authorityWithKey = authorityWithKey;
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA certificate (public part only): what a client trusts.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA as PEM, as a <c>ca.crt</c> file holds it.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    public static FakeApiCertificates Create(TimeProvider time, string authorityName = "hostmocks-kubernetes-ca") =>
        Create(time, authorityName, "kube-apiserver", ["localhost", "kubernetes.default.svc"]);

    /// <summary>A CA and a serving certificate with subject <paramref name="serverName"/> for 127.0.0.1 and <paramref name="dnsNames"/>.</summary>
    public static FakeApiCertificates Create(TimeProvider time, string authorityName, string serverName, IReadOnlyList<string> dnsNames)
    {
        var now = time.GetUtcNow();
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=" + authorityName, authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var selfSigned = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // Kept (with its key, independent of authorityKey's lifetime) to issue rotated serving certificates later.
        var authorityWithKey = X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
        var server = Issue(authorityWithKey, time, serverName, dnsNames);
        var authority = X509CertificateLoader.LoadCertificate(authorityWithKey.Export(X509ContentType.Cert));
        return new FakeApiCertificates(authorityWithKey, authority, server);
    }

    /// <summary>A new serving certificate from the same CA (a kubelet's certificate rotation), with its private key.</summary>
    public X509Certificate2 IssueServer(TimeProvider time, string serverName, IReadOnlyList<string> dnsNames) =>
        Issue(_authorityWithKey, time, serverName, dnsNames);

    private static X509Certificate2 Issue(X509Certificate2 authorityWithKey, TimeProvider time, string serverName, IReadOnlyList<string> dnsNames)
    {
        var now = time.GetUtcNow();
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=" + serverName, serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        foreach (var dnsName in dnsNames)
        {
            names.AddDnsName(dnsName);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityWithKey, true, false));
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7f;
        using var signed = serverRequest.Create(authorityWithKey, now.AddDays(-1), now.AddDays(90), serial);
        using var serverWithKey = signed.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        _authorityWithKey.Dispose();
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace NodeCollector.Kubernetes.Api;

/// <summary>
/// Verifies the API server's certificate: the host name must match, and the chain must end at one of the
/// configured roots (the service account's <c>ca.crt</c>, the kubeconfig's CA), or at a system root when
/// none is configured. There is no switch to skip verification.
/// </summary>
internal sealed class ApiServerCertificateValidator(X509Certificate2Collection? roots)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        if (roots is null || roots.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }
}

using System.Globalization;
using System.Net;

namespace NodeCollector.Config;

/// <summary>Parses listen addresses as Go servers write them: <c>host:port</c>, <c>[v6]:port</c>, <c>:port</c> (all interfaces).</summary>
internal static class ListenEndpoint
{
    public static bool TryParse(string text, out IPEndPoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"\"{text}\" is not host:port (e.g. 0.0.0.0:9465 or 127.0.0.1:9465)";
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"\"{text}\" has no valid port (0 to 65535)";
            return false;
        }

        IPAddress? address;
        if (host.Length == 0)
        {
            address = IPAddress.IPv6Any;
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address))
        {
            error = $"\"{host}\" is not an IP address (use an address such as 0.0.0.0, 127.0.0.1 or [::])";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}

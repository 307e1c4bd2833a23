using System.Net;
using System.Net.Sockets;

namespace Security.Network;

/// <summary>Address ranges a token holder must not make the server reach: every non-public one for photo URLs
/// (server-side request forgery), the host's own and the cloud's metadata services for cameras, which live on LANs.</summary>
public static class PublicAddresses
{
    /// <summary>The host itself: a stream or fetch there reaches services that trust loopback.</summary>
    public static readonly IReadOnlyList<IPNetwork> Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>"Any address": as a destination it reaches the host itself, and given to udp/tcp it listens on every interface.</summary>
    public static readonly IReadOnlyList<IPNetwork> Unspecified = [IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("::/128")];

    /// <summary>Link-local, where 169.254.169.254 (AWS, GCP, Azure, OpenStack) answers with instance credentials.</summary>
    public static readonly IReadOnlyList<IPNetwork> LinkLocal = [IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fe80::/10")];

    /// <summary>Metadata services outside link-local: AWS's IPv6 one, Alibaba's, Oracle's.</summary>
    public static readonly IReadOnlyList<IPNetwork> Metadata =
        [IPNetwork.Parse("fd00:ec2::254/128"), IPNetwork.Parse("100.100.100.200/32"), IPNetwork.Parse("192.0.0.192/32")];

    private static readonly IPNetwork[] NonPublic =
    [
        .. Unspecified,
        .. Loopback,
        .. LinkLocal,
        IPNetwork.Parse("10.0.0.0/8"),      // private
        IPNetwork.Parse("100.64.0.0/10"),   // carrier-grade NAT
        IPNetwork.Parse("172.16.0.0/12"),   // private
        IPNetwork.Parse("192.0.0.0/24"),    // protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),  // private
        IPNetwork.Parse("198.18.0.0/15"),   // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),     // multicast
        IPNetwork.Parse("240.0.0.0/4"),     // reserved, broadcast
        IPNetwork.Parse("::/96"),           // IPv4-compatible
        IPNetwork.Parse("100::/64"),        // discard
        IPNetwork.Parse("fc00::/7"),        // unique-local
        IPNetwork.Parse("fec0::/10"),       // site-local
        IPNetwork.Parse("ff00::/8"),        // multicast
    ];

    // NAT64 hands the embedded IPv4 address on, so it is judged as that address.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsPublic(IPAddress address) => !IsIn(address, NonPublic);

    /// <summary>Whether the address, or the IPv4 address it carries (mapped or NAT64), is in one of the networks.</summary>
    public static bool IsIn(IPAddress address, IEnumerable<IPNetwork> networks)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            address = new IPAddress(address.GetAddressBytes().AsSpan(12));
        return networks.Any(network => network.Contains(address));
    }
}

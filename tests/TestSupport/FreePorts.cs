using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>Loopback ports that nothing listens on, for the servers tests start.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;
using Gateway.Errors;
using Security.Network;
using Microsoft.Extensions.Options;

namespace Gateway.Photos;

public static class PhotoFetchRegistration
{
    public static IServiceCollection AddPhotoFetcher(this IServiceCollection services)
    {
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<PhotoFetcher>(client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // PhotoFetcher times the whole fetch itself
                client.DefaultRequestHeaders.UserAgent.ParseAdd("facepipe-gateway");
            })
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var allowPrivate = services.GetRequiredService<IOptions<FetchOptions>>().Value.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    // Through a proxy the address check would see the proxy, not the photo's host.
                    UseProxy = false,
                    ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivate, cancellationToken),
                };
            });
        return services;
    }

    // The address is checked where the socket connects to it, so a name that resolves to a public
    // address when checked and to a private one when used (DNS rebinding) gets nowhere.
    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : addresses.Where(PublicAddresses.IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new PhotoFetchException(ErrorCodes.FetchForbidden,
                $"{endpoint.Host} is not on the public internet; this server fetches only public URLs.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

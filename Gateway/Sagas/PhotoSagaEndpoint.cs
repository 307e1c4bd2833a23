using System.Security.Cryptography;

namespace Gateway.Sagas;

/// <summary>
/// This gateway's own photo saga endpoint. Saga instances live in the gateway's memory, so the job, every stage's answer
/// and the saga's reply must all come back to the gateway holding the HTTP request: each gateway therefore gets a queue of
/// its own (deleted when it goes), jobs are sent to it directly, and stage requests name it as their response address.
/// </summary>
public sealed class PhotoSagaEndpoint
{
    /// <summary>Unique per gateway process; the host name says in the RabbitMQ console whose queue it is.</summary>
    public string Name { get; } =
        $"photo-{Environment.MachineName.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>The endpoint's address as the transport built it (with its temporary flags), known once the bus is configured.</summary>
    public Uri Address
    {
        get => _address ?? throw new InvalidOperationException("The photo saga endpoint is not configured yet.");
        set => _address = value;
    }

    private Uri? _address;
}

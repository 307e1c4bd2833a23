using Hosting;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Workers.Index.Consumers;

namespace Workers.Index.Cluster;

/// <summary>
/// Refuses to start a second index worker holding the exact index in a cluster: each replica would keep its own index, take
/// part of the writes and answer searches from part of the faces. Before its bus starts, it asks the broker whether the
/// index queue has a consumer already. Two replicas started at the same instant can both pass; Redis shards (Index:Shards) are
/// the way to run several.
/// </summary>
public sealed class SingleExactReplica(Deployment deployment, ILogger<SingleExactReplica> logger) : IHostedService
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queue = DefaultEndpointNameFormatter.Instance.Consumer<IndexFacensConsumer>();
        uint consumers;
        try
        {
            consumers = await CountConsumersAsync(deployment.Bus, queue, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The bus waits for a broker that is not up yet; so does this check, only it does not hold the start for it.
            logger.LogWarning("Could not ask the broker whether another index worker runs ({Reason}); run only one with the exact index",
                ProgramStart.Reason(e));
            return;
        }
        if (consumers > 0)
            throw new StartRefusedException($"another index worker already consumes {queue} on {deployment.Bus.Host}{deployment.Bus.VirtualHost}, " +
                "and this one holds the exact in-process index: each replica would see only part of the faces. Run one index worker, " +
                "or give every replica the same Index:Shards (Redis).");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<uint> CountConsumersAsync(BusOptions bus, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = bus.Host,
            Port = bus.Port,
            VirtualHost = bus.VirtualHost,
            UserName = bus.Username,
            Password = bus.Password,
            RequestedConnectionTimeout = BrokerTimeout,
            Ssl = { Enabled = bus.UseSsl, ServerName = bus.Host },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BrokerTimeout);
        await using var connection = await factory.CreateConnectionAsync(timeout.Token);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: timeout.Token);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, timeout.Token)).ConsumerCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            // No queue yet: no index worker has ever run on this virtual host.
            return 0;
        }
    }
}

using Contracts.Faces;
using Hosting;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Contracts;

namespace Gateway.Sagas;

/// <summary>Endpoint settings of the photo saga: this gateway's own temporary queue (<see cref="PhotoSagaEndpoint"/>), with its
/// stages' timeouts scheduled in this process (<see cref="StageTimeouts"/>) and each instance's messages taken one at a time
/// (<see cref="InstancePartitions"/>).</summary>
public sealed class PhotoStateDefinition : SagaDefinition<PhotoState>
{
    /// <summary>How many messages the endpoint takes at once (MassTransit's default, its prefetch count), and as many partitions,
    /// so that partitioning by instance costs no throughput.</summary>
    public static readonly int Concurrency = Math.Max(2 * Environment.ProcessorCount, 16);

    public PhotoStateDefinition(PhotoSagaEndpoint endpoint)
    {
        Endpoint(e =>
        {
            e.Name = endpoint.Name;
            e.Temporary = true;
            e.ConcurrentMessageLimit = Concurrency;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<PhotoState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Only what is sent here belongs here: no bindings to the message types' exchanges, or published answers and jobs
        // would reach every gateway.
        endpointConfigurator.ConfigureConsumeTopology = false;
        context.GetRequiredService<PhotoSagaEndpoint>().Address = endpointConfigurator.InputAddress;
        // Every stage answers here: should MassTransit leave this endpoint deaf, the bus is restarted.
        context.GetRequiredService<ReplyPath>().Watch(endpointConfigurator);
        endpointConfigurator.UseFilter(new StageTimeouts.Filter(context.GetRequiredService<StageTimeouts>()));
        _ = new InstancePartitions(endpointConfigurator, Concurrency);
    }

    /// <summary>
    /// Gives a saga instance its messages one at a time, before the saga repository sees them. A stage's answer and its timeout
    /// can come together (the answer late by a few milliseconds): taken side by side, the in-memory repository handed the second
    /// an instance the first had just finalized and deleted, and its own delete of it then threw a NullReferenceException
    /// (MassTransit issue #5410), sending the message to the _error queue. Taken in turn, the second finds no instance and is
    /// dropped as any late answer is (<see cref="PhotoStateMachine"/>). Messages of different instances still run side by side.
    /// </summary>
    private sealed class InstancePartitions : ConfigurationObserver, IMessageConfigurationObserver
    {
        private readonly IPartitioner _partitioner;

        // Every message type the saga consumes is configured on the endpoint after this, when the endpoint is built.
        public InstancePartitions(IReceiveEndpointConfigurator endpoint, int partitions) : base(endpoint)
        {
            _partitioner = endpoint.CreatePartitioner(partitions);
            Connect(this);
        }

        public void MessageConfigured<TMessage>(IConsumePipeConfigurator configurator) where TMessage : class =>
            configurator.UsePartitioner<TMessage>(_partitioner, InstanceOf);

        // The saga's own correlation of each message: the job's id, which its stage requests carry as their request id, and
        // which their answers, faults and timeouts bring back.
        private static Guid InstanceOf<TMessage>(ConsumeContext<TMessage> context) where TMessage : class => context.Message switch
        {
            ProcessPhoto job => job.JobId,
            RequestTimeoutExpired<object> timeout => timeout.RequestId,
            _ => context.RequestId ?? Guid.Empty,
        };
    }
}

using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Images;
using Contracts.Index;
using Gateway.Storage;
using Hosting;
using Hosting.Observability;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Gateway.Sagas;

/// <summary>
/// The request/response saga behind every API call that needs faces: detect, pick, describe, then search
/// (identify) or index and persist (enroll), and answer the caller. A stage that fails ends the saga with
/// <see cref="ProcessPhotoRejected.StageFailed"/>; so does one that does not answer in time, where the bus can schedule the
/// timeout. Without a scheduler (RabbitMQ here) stage requests wait: a worker that dies leaves its message unacknowledged
/// and the broker hands it to another replica, and the caller still gets 503 when the gateway's own call timeout passes.
/// </summary>
public sealed class PhotoStateMachine : MassTransitStateMachine<PhotoState>
{
    public PhotoStateMachine(IOptions<PipelineOptions> options, Deployment deployment)
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(context => context.Message.JobId));
        // A zero timeout schedules nothing.
        var timeout = deployment.SchedulesStageTimeouts ? options.Value.StageTimeout : TimeSpan.Zero;
        Request(() => Detect, r =>
        {
            Configure(r, timeout);
            r.Completed2 = e => e.OnMissingInstance(m => m.Discard());
        });
        Request(() => Describe, r => Configure(r, timeout));
        Request(() => Search, r => Configure(r, timeout));
        Request(() => Index, r => Configure(r, timeout));
        Request(() => Persist, r => Configure(r, timeout));
        // A stage answer can come twice (a worker died after answering, before the broker had its acknowledgement) or
        // after the call ended; the saga has moved on, so either is dropped rather than sent to an error queue.
        OnUnhandledEvent(context => context.Ignore());

        Initially(
            When(Submitted)
                .Then(context =>
                {
                    context.Saga.Job = context.Message;
                    context.Saga.RequestId = context.RequestId;
                    context.Saga.ResponseAddress = context.ResponseAddress;
                    context.Saga.LapStarted = DateTime.UtcNow;
                })
                .Request(Detect, context => new DetectFaces(context.Saga.Job.Image, null, Detectors.Nnd))
                .TransitionTo(Detect.Pending));

        During(Detect.Pending,
            When(Detect.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "detect");
                    context.Saga.Orientation = context.Message.Orientation;
                    (context.Saga.Faces, context.Saga.Rejection) =
                        FaceSelection.Pick(context.Message.Faces, context.Message.Dropped, context.Saga.Job.Boxes, context.Saga.Job.Selector);
                })
                .IfElse(context => context.Saga.Rejection is not null || context.Saga.Faces.Count == 0 || context.Saga.Job.Wanted == FaceAttributes.None,
                    answer => answer.ThenAsync(AnswerAsync).Finalize(),
                    describe => describe
                        .Request(Describe, context => new ExtractFacens(context.Saga.Job.Image, context.Saga.Faces, context.Saga.Job.Wanted))
                        .TransitionTo(Describe.Pending)),
            When(Detect.Completed2).ThenAsync(context => RejectAsync(context, context.Message)).Finalize(),
            When(Detect.Faulted).ThenAsync(context => FailAsync(context, "detect")).Finalize(),
            When(Detect.TimeoutExpired).ThenAsync(context => FailAsync(context, "detect")).Finalize());

        During(Describe.Pending,
            When(Describe.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "embed");
                    context.Saga.Descriptions = context.Message.Faces;
                })
                .IfElse(context => context.Saga.Job.Search is not null,
                    search => search
                        .Request(Search, context => SearchOf(context.Saga, context.Saga.Job.Search!.Gallery, context.Saga.Job.Search.N,
                            context.Saga.Job.Search.MinSimilarity, context.Saga.Job.Search.Strict))
                        .TransitionTo(Search.Pending),
                    other => other.IfElse(context => context.Saga.Job.Enrollment is { Person: not null },
                        person => person
                            .Request(Search, context => SearchOf(context.Saga, context.Saga.Job.Enrollment!.Person!.Space, 1,
                                context.Saga.Job.Enrollment.Person.MinSimilarity, strict: false))
                            .TransitionTo(Search.Pending),
                        enrollOrAnswer => enrollOrAnswer.IfElse(context => context.Saga.Job.Enrollment is not null,
                            enroll => IndexNewFaces(enroll),
                            answer => answer.ThenAsync(AnswerAsync).Finalize()))),
            // A saga has one event per message type, so the embed stage's ImageRejected arrives as the detect request's.
            When(Detect.Completed2).ThenAsync(context => RejectAsync(context, context.Message)).Finalize(),
            When(Describe.Faulted).ThenAsync(context => FailAsync(context, "embed")).Finalize(),
            When(Describe.TimeoutExpired).ThenAsync(context => FailAsync(context, "embed")).Finalize());

        During(Search.Pending,
            When(Search.Completed)
                .Then(context =>
                {
                    Lap(context.Saga, "search");
                    context.Saga.Matches = context.Message.Matches;
                    (context.Saga.LiveShards, context.Saga.TotalShards) = (context.Message.LiveShards, context.Message.TotalShards);
                })
                // An enrollment searched for its faces' persons; an identify is answered.
                .IfElse(context => context.Saga.Job.Enrollment is not null,
                    enroll => IndexNewFaces(enroll),
                    answer => answer.ThenAsync(AnswerAsync).Finalize()),
            When(Search.Faulted).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Search.TimeoutExpired).ThenAsync(context => FailAsync(context, "index")).Finalize());

        During(Index.Pending,
            When(Index.Completed)
                .Then(context => Lap(context.Saga, "index"))
                .Request(Persist, context => new PersistFaces(context.Saga.Job.Image, context.Saga.FaceIds!
                    .Select((id, i) => new NewFace(id, context.Saga.Faces[i].Box, context.Saga.Descriptions![i],
                        context.Saga.Job.Enrollment!, PersonOf(context.Saga, i)))
                    .ToList()))
                .TransitionTo(Persist.Pending),
            // Some shards may have taken their faces before another failed or the time ran out.
            When(Index.Faulted).ThenAsync(UnindexAsync).ThenAsync(context => FailAsync(context, "index")).Finalize(),
            When(Index.TimeoutExpired).ThenAsync(UnindexAsync).ThenAsync(context => FailAsync(context, "index")).Finalize());

        During(Persist.Pending,
            When(Persist.Completed).Then(context => Lap(context.Saga, "persist")).ThenAsync(AnswerAsync).Finalize(),
            When(Persist.Faulted).ThenAsync(UnindexAsync).ThenAsync(context => FailAsync(context, "persist")).Finalize(),
            When(Persist.TimeoutExpired).ThenAsync(UnindexAsync).ThenAsync(context => FailAsync(context, "persist")).Finalize());

        SetCompletedWhenFinalized();
    }

    public Event<ProcessPhoto> Submitted { get; private set; } = null!;
    public Request<PhotoState, DetectFaces, DetectFacesResult, ImageRejected> Detect { get; private set; } = null!;
    public Request<PhotoState, ExtractFacens, ExtractFacensResult> Describe { get; private set; } = null!;
    public Request<PhotoState, SearchFacens, SearchFacensResult> Search { get; private set; } = null!;
    public Request<PhotoState, IndexFacens, IndexFacensResult> Index { get; private set; } = null!;
    public Request<PhotoState, PersistFaces, PersistFacesResult> Persist { get; private set; } = null!;

    // New faces get their ids, then go into the index: their galleries and, when identified as persons, their person space.
    // They are marked pending first and stored (visible) only once the index has them, so that no stored face is left
    // unsearchable, and an index entry whose enrollment never finished is found by its mark (PendingIndexSweep).
    private EventActivityBinder<PhotoState, T> IndexNewFaces<T>(EventActivityBinder<PhotoState, T> binder) where T : class => binder
        .ThenAsync(async context =>
        {
            var ids = context.GetServiceOrCreateInstance<FaceIds>();
            context.Saga.FaceIds = context.Saga.Faces.Select(_ => ids.Next()).ToList();
            await context.GetServiceOrCreateInstance<IFaceStore>().MarkEnrollingAsync(context.Saga.FaceIds, context.CancellationToken);
        })
        .Request(Index, context => new IndexFacens(context.Saga.FaceIds!
            .Select((id, i) => new IndexedFacen(id, context.Saga.Descriptions![i].Facen!,
                PersonSpaces.WithGalleries(context.Saga.Job.Enrollment!.Galleries, PersonOf(context.Saga, i)?.Space)))
            .ToList()))
        .TransitionTo(Index.Pending)
        .Catch<Exception>(failed => failed.ThenAsync(context => FailAsync(context, "persist")).Finalize());

    // The described faces searched in one space: an identify's gallery, or an enrollment's person space.
    private static SearchFacens SearchOf(PhotoState saga, string space, int n, float minSimilarity, bool? strict) =>
        new(saga.Descriptions!.Select(description => description.Facen!).ToList(), space, n, minSimilarity, strict);

    private static PersonMatch? PersonOf(PhotoState saga, int face) => saga.Job.Enrollment?.Person is { } person
        ? new PersonMatch(person.Space, saga.Matches?[face] is [var reference, ..] ? reference.FaceId : null)
        : null;

    private static void Configure<TRequest, TResponse>(IRequestConfigurator<PhotoState, TRequest, TResponse> request, TimeSpan timeout)
        where TRequest : class where TResponse : class
    {
        request.Timeout = timeout;
        request.Completed = e => e.OnMissingInstance(m => m.Discard());
        request.Faulted = e => e.OnMissingInstance(m => m.Discard());
        request.TimeoutExpired = e => e.OnMissingInstance(m => m.Discard());
    }

    private static Task AnswerAsync(BehaviorContext<PhotoState> context)
    {
        var saga = context.Saga;
        if (saga.Rejection is { } rejection)
            return ReplyAsync(context, rejection);
        var faces = saga.Faces.Select((face, i) => new ProcessedFace(
            face, saga.Descriptions?[i], saga.Matches?[i], saga.FaceIds?[i])).ToList();
        return ReplyAsync(context, new ProcessPhotoResult(saga.Orientation, faces, saga.LiveShards, saga.TotalShards, saga.StageMs));
    }

    // Stages run one after the other, so a stage's time is the time since the previous one answered.
    private static void Lap(PhotoState saga, string stage)
    {
        var now = DateTime.UtcNow;
        var ms = (now - saga.LapStarted).TotalMilliseconds;
        saga.StageMs[stage] = ms;
        saga.LapStarted = now;
        PipelineMetrics.StageDuration.Record(ms, new KeyValuePair<string, object?>("stage", stage));
    }

    private static Task RejectAsync(BehaviorContext<PhotoState> context, ImageRejected rejected) =>
        ReplyAsync(context, new ProcessPhotoRejected(rejected.Code, rejected.Reason, null));

    private static Task FailAsync(BehaviorContext<PhotoState> context, string stage) =>
        ReplyAsync(context, new ProcessPhotoRejected(ProcessPhotoRejected.StageFailed, $"The {stage} stage failed or did not answer in time.", null));

    // A face that could not be stored must not be found by searches either. Should this removal be lost too, the faces' marks
    // remain, and the sweep takes them out later.
    private static Task UnindexAsync(BehaviorContext<PhotoState> context) =>
        context.Publish(new RemoveFacens(context.Saga.FaceIds!));

    // The answer goes to whoever sent the job, which is not the sender of the message that ends the saga.
    private static async Task ReplyAsync<T>(BehaviorContext<PhotoState> context, T message) where T : class
    {
        if (context.Saga.ResponseAddress is not { } address)
            return;
        var endpoint = await context.GetSendEndpoint(address);
        await endpoint.Send(message, send => send.RequestId = context.Saga.RequestId);
    }
}

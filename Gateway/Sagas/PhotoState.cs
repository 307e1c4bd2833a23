using Contracts.Detection;
using Contracts.Embedding;
using Contracts.Faces;
using Contracts.Index;
using Gateway.Uploads;
using MassTransit;

namespace Gateway.Sagas;

/// <summary>Where one <see cref="ProcessPhoto"/> stands: the job, whom to answer, and what each stage has given so far.</summary>
public sealed class PhotoState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    public ProcessPhoto Job { get; set; } = null!;
    public Guid? RequestId { get; set; }
    public Uri? ResponseAddress { get; set; }

    public int Orientation { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public IReadOnlyList<DetectedFace> Faces { get; set; } = [];
    public ProcessPhotoRejected? Rejection { get; set; }
    public IReadOnlyList<FaceDescription>? Descriptions { get; set; }
    public IReadOnlyList<IReadOnlyList<FacenMatch>>? Matches { get; set; }
    public int LiveShards { get; set; } = 1;
    public int TotalShards { get; set; } = 1;
    public IReadOnlyList<long>? FaceIds { get; set; }
    /// <summary>An enrollment's files in uploads, written while the stages work.</summary>
    public UploadedPhoto? Photo { get; set; }
    public IReadOnlyList<FaceFiles>? FaceFiles { get; set; }

    /// <summary>When the last stage answered (or the job came); a stage's time runs from here to its own answer.</summary>
    public DateTime LapStarted { get; set; }
    /// <summary>Milliseconds each stage took, by stage name, for the call's log line and the stage metric.</summary>
    public Dictionary<string, double> StageMs { get; set; } = [];
}

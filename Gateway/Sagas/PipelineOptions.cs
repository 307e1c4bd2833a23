namespace Gateway.Sagas;

/// <summary>How long the pipeline's stages may take (section "Pipeline").</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>How long each stage (detect, embed, search, index) may take to answer before the call fails with 503.</summary>
    public TimeSpan StageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an API call waits for its saga's answer: every stage it may go through.</summary>
    public TimeSpan CallTimeout => StageTimeout * 4;
}

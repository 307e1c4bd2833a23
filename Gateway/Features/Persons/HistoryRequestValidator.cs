using Contracts.Index;
using FluentValidation;
using Gateway.Features.Camera;
using Gateway.Storage;

namespace Gateway.Features.Persons;

public sealed class HistoryRequestValidator : AbstractValidator<HistoryFilter>
{
    /// <summary>Each camera is a term of the query; more than this is no sensible filter.</summary>
    public const int MaxCameras = 256;

    public HistoryRequestValidator()
    {
        RuleFor(request => request.PersonId).PersonId();
        RuleFor(request => request.CameraIds)
            .Must(ids => ids!.Count <= MaxCameras).WithMessage($"cam_ids names at most {MaxCameras} cameras.")
            .Must(ids => ids!.All(PersonSpaces.IsCameraId)).WithMessage(CameraRules.CameraIdRule)
            .OverridePropertyName("cam_ids")
            .When(request => request.CameraIds is not null);
        RuleFor(request => request.End).GreaterThanOrEqualTo(request => request.Start).WithMessage("end is before start.")
            .OverridePropertyName("end")
            .When(request => request is { Start: not null, End: not null });
    }
}

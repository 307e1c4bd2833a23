using Contracts.Index;
using FluentValidation;
using Gateway.Features.Camera;
using Gateway.Storage;

namespace Gateway.Features.Persons;

public sealed class HistoryRequestValidator : AbstractValidator<HistoryRequest>
{
    /// <summary>Each camera is a term of the query; more than this is no sensible filter.</summary>
    public const int MaxCameras = 256;

    public HistoryRequestValidator()
    {
        RuleFor(request => request.Filter.PersonId).PersonId();
        RuleFor(request => request.Filter.CameraIds).CameraIds(MaxCameras);
        RuleFor(request => request.Filter.End).GreaterThanOrEqualTo(request => request.Filter.Start).WithMessage("end is before start.")
            .OverridePropertyName("end")
            .When(request => request.Filter is { Start: not null, End: not null });
    }
}

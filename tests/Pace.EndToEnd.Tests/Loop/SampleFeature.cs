namespace Pace.EndToEnd.Tests.Loop;

/// <summary>
/// One feature of the sample project. The script marker goes into the feature's steps, which only the
/// session prompt shows (not the commit subject, not progress.txt), so later sessions never carry it.
/// </summary>
public sealed record SampleFeature(string Id, string Description, string Marker);

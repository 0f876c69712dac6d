namespace Pace.Adapters.Fleet;

/// <summary>The fleet's database cannot be used as it is (a schema from a newer Pace, say); the message says why and what to do.</summary>
public class FleetException(string message) : Exception(message);

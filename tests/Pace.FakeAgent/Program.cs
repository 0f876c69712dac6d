using Pace.FakeAgent;

// The script comes from PACE_FAKE_AGENT_SCRIPT (so the fake can stand in for claude, codex or
// gemini, whose flags it ignores) or from "--script SCRIPT" as the first arguments.
// Steps, one per line: see Steps.cs.
var script = args is ["--script", var given, ..] ? given : Environment.GetEnvironmentVariable(Steps.ScriptVariable) ?? "";
return Steps.Run(script, args);

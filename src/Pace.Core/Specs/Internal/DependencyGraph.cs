namespace Pace.Core.Specs.Internal;

/// <summary>
/// A graph over nodes 0..n-1 where an edge i -> j means "i depends on j". Answers the questions
/// spec validation and wave planning ask: the cycles (one per strongly connected component, with
/// its members in order) and the levels of a topological sort.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly IReadOnlyList<IReadOnlyList<int>> _edges;

    public DependencyGraph(IReadOnlyList<IReadOnlyList<int>> edges) => _edges = edges;

    /// <summary>
    /// One elementary cycle per strongly connected component of more than one node: the shortest
    /// cycle through the component's first node (lowest index), starting there. Self-loops are
    /// not cycles here; callers report them on their own. Components come in order of first node.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<int>> Cycles()
    {
        var cycles = new List<IReadOnlyList<int>>();
        foreach (var component in Components().Where(c => c.Count > 1).OrderBy(c => c.Min()))
        {
            cycles.Add(ShortestCycleThrough(component.Min(), [.. component]));
        }

        return cycles;
    }

    /// <summary>The level of each node: 0 without dependencies, else one more than its deepest dependency. Requires an acyclic graph.</summary>
    public int[] Levels()
    {
        var level = new int[_edges.Count];
        var state = new byte[_edges.Count]; // 0 new, 1 on the stack, 2 done
        for (var root = 0; root < _edges.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            // Iterative post-order, so that long dependency chains cannot overflow the stack.
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < _edges[node].Count)
                {
                    stack.Push((node, next + 1));
                    var dep = _edges[node][next];
                    if (state[dep] == 1)
                    {
                        throw new InvalidOperationException("Levels() needs an acyclic graph");
                    }

                    if (state[dep] == 0)
                    {
                        state[dep] = 1;
                        stack.Push((dep, 0));
                    }

                    continue;
                }

                level[node] = _edges[node].Count == 0 ? 0 : _edges[node].Max(d => level[d]) + 1;
                state[node] = 2;
            }
        }

        return level;
    }

    private List<List<int>> Components()
    {
        // Tarjan's algorithm, iterative.
        var n = _edges.Count;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        Array.Fill(index, -1);
        var counter = 0;
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }

            var work = new Stack<(int Node, int Next)>();
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                if (next == 0)
                {
                    index[node] = low[node] = counter++;
                    stack.Push(node);
                    onStack[node] = true;
                }

                if (next < _edges[node].Count)
                {
                    work.Push((node, next + 1));
                    var dep = _edges[node][next];
                    if (index[dep] < 0)
                    {
                        work.Push((dep, 0));
                    }
                    else if (onStack[dep])
                    {
                        low[node] = Math.Min(low[node], index[dep]);
                    }

                    continue;
                }

                if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return components;
    }

    private List<int> ShortestCycleThrough(int start, HashSet<int> component)
    {
        // Breadth-first from start inside the component, following edges in file order, until an
        // edge leads back to start; the parents then spell the cycle.
        var parent = new Dictionary<int, int> { [start] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var dep in _edges[node].Where(component.Contains).Order())
            {
                if (dep == start)
                {
                    var cycle = new List<int>();
                    for (var at = node; at != -1; at = parent[at])
                    {
                        cycle.Add(at);
                    }

                    cycle.Reverse();
                    return cycle;
                }

                if (parent.TryAdd(dep, node))
                {
                    queue.Enqueue(dep);
                }
            }
        }

        throw new InvalidOperationException("a strongly connected component has a cycle through each member");
    }
}

/**
 * Runs the tasks at most `lanes` at a time, each lane taking the next task as it finishes
 * one; results in the tasks' order. For prints side by side, and for reading many files
 * without holding them all in memory or running out of file handles.
 */
export async function inLanes<T>(tasks: ReadonlyArray<() => Promise<T>>, lanes: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < tasks.length; i = next++) results[i] = await tasks[i]!();
  };
  await Promise.all(Array.from({ length: Math.min(lanes, tasks.length) }, lane));
  return results;
}

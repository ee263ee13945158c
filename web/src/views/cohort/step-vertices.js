// @ts-check
// The points of a step curve that change its drawing: a point whose columns (the estimate, and
// the limits when a band is drawn) all equal the previous point's only lengthens the flat step
// before it, so it is left out of the path (the last point is kept: the curve ends there). A
// curve of several causes or groups comes on the rows of all of them, most of which leave any one
// curve flat; the shape drawn is the same with a fraction of the vertices. NaN never equals, so
// a point next to a gap is kept.
/**
 * @param {number[]} indices the points drawn, in time order
 * @param {ArrayLike<number | null>[]} columns the values the drawing reads at each point
 * @returns {number[]} the indices that change the drawing
 */
export function stepVertices(indices, columns) {
  const kept = [];
  for (let k = 0; k < indices.length; k += 1) {
    const i = indices[k];
    const previous = kept.length ? kept[kept.length - 1] : -1;
    const same =
      previous >= 0 &&
      k < indices.length - 1 &&
      columns.every((column) => column[i] === column[previous]);
    if (!same) kept.push(i);
  }
  return kept;
}

/** Marks come from core, once (core/marks): the pane only paints them. */
export { marksOf } from '../../../core/marks/index';

import type { AssignedPrinciple, MyFeedback } from '../../../core/api/contract/feedback';

/** The interview kit beside the feedback form: each principle's questions and probes. */
export function FeedbackKit({ mine }: { mine: MyFeedback }) {
  return (
    <aside className="fb-kit" aria-label="Interview kit">
      <h2>Interview kit</h2>
      <p className="kit-guide">Ask for real past behaviour (“Tell me about a time…”) and write down what the candidate did.</p>
      {mine.principles.map((p) => (
        <KitPrinciple key={p.principleId} principle={p} questions={mine.kitQuestions.filter((q) => q.principleId === p.principleId)} />
      ))}
    </aside>
  );
}

function KitPrinciple({ principle: p, questions }: { principle: AssignedPrinciple; questions: MyFeedback['kitQuestions'] }) {
  return (
    <section className="fb-kit-principle" aria-label={`Kit: ${p.name}`}>
      <h3>{p.name}</h3>
      {p.summary && <p className="kit-summary">{p.summary}</p>}
      {questions.length === 0 ? (
        <p className="muted">No kit questions for this principle.</p>
      ) : (
        <ol className="kit-questions">
          {questions.map((q) => (
            <li key={q.questionId}>
              <p>{q.text}</p>
              {q.probes.length > 0 && (
                <ul className="probes">
                  {q.probes.map((probe) => (
                    <li key={probe}>{probe}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

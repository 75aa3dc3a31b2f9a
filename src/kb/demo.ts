/** A small starter set so a new server can try /search at once. Written for this project. */
export const DEMO_DOCUMENTS: readonly { title: string; text: string }[] = [
  {
    title: 'Machine learning in one paragraph',
    text: 'Machine learning is a way of building software that improves from examples instead of hand-written rules. A model is shown many inputs with the answers we want, measures how wrong its guesses are, and adjusts its internal numbers to be a little less wrong next time. After enough examples it can make good guesses about inputs it has never seen.',
  },
  {
    title: 'How neural networks are put together',
    text: 'A neural network is a stack of layers. Each layer multiplies its input by a matrix of learned weights, adds a bias and passes the result through a simple non-linear function. Stacking many layers lets the network represent complicated patterns. Training nudges every weight in the direction that reduces the error, using gradients computed by backpropagation.',
  },
  {
    title: 'Natural language processing',
    text: 'Natural language processing is the part of computing that deals with human language: translation, summarising, answering questions, sorting messages by topic. Modern systems split text into word pieces called tokens and turn them into vectors, so that sentences with similar meanings end up close together even when they use different words.',
  },
  {
    title: 'Computer vision',
    text: 'Computer vision teaches machines to make sense of images and video. Convolutional networks and vision transformers learn to detect edges, then shapes, then whole objects such as faces, cars or tumours in a scan. The same ideas power photo search, self-checkout tills and the camera that reads number plates.',
  },
  {
    title: 'Preparing data before training',
    text: 'Most of the work in a data project happens before any model is trained. Records are cleaned of duplicates and typos, missing values are filled or dropped, categories are encoded as numbers and features are scaled to similar ranges. The data is then split into training, validation and test sets so that the final score reflects examples the model never saw.',
  },
  {
    title: 'Optimisation and gradient descent',
    text: 'Training a model is an optimisation problem: find the weights that make the loss as small as possible. Gradient descent takes small steps downhill along the slope of the loss. Variants such as momentum and Adam adapt the step size for each weight, and the learning rate decides how big the steps are; too large and training diverges, too small and it crawls.',
  },
  {
    title: 'Embeddings and semantic search',
    text: 'An embedding model maps a sentence to a point in a space of a few hundred dimensions. Searching by meaning means embedding every document once, embedding the question when it arrives, and returning the documents whose vectors point in the most similar direction, measured by cosine similarity.',
  },
  {
    title: 'Overfitting and how to spot it',
    text: 'A model overfits when it memorises its training examples instead of learning the general pattern. The warning sign is a training score that keeps improving while the validation score stalls or gets worse. More data, simpler models, regularisation and early stopping all help.',
  },
];
